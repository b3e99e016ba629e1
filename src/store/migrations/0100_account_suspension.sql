-- accounts: an admin may suspend a client account (src/accounts/account_directory.h). While
-- suspended_at is set, the account's sign-in and API keys answer 403 account_suspended and its
-- campaigns produce no leads; reinstating clears both columns. Suspension is not a status (the
-- status CHECK of 0020 stays 'active'/'closed'): a closed account can also have been suspended.
ALTER TABLE accounts ADD COLUMN suspended_at BIGINT;
ALTER TABLE accounts ADD COLUMN suspended_reason TEXT;
