-- email_ok uses the column and goes with it; kind_ok only has 'email' in a string literal and stays.
ALTER TABLE contacts DROP COLUMN email;
