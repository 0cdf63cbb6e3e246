ALTER TYPE task_state ADD VALUE 'cancelled';
