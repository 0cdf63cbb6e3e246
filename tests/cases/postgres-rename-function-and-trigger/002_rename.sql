-- The stored definitions must follow: the function is re-created as "Touch2", and the trigger
-- (which holds the function by OID) as "T Touch" calling "Touch2"().
ALTER FUNCTION public.touch() RENAME TO "Touch2";
ALTER TRIGGER t_touch ON t RENAME TO "T Touch";
