-- People who use the dashboard (issue #6). Roles map onto API key scopes (src/auth/roles.ts).
-- Passwords are stored only as scrypt hashes whose string carries its own parameters.
CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('viewer', 'agent', 'approver', 'admin')),
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One account per address, whatever its case.
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

-- Browser sessions: only a SHA-256 of the cookie's random token is stored. expires_at is the
-- absolute end; last_seen_at drives the idle timeout. The CSRF token is per session.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Failed logins, counted per account (key 'email:<sha256 of the lowercased address>', also for
-- addresses no account has, so a lock-out reveals nothing) and per client address ('ip:<addr>').
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- The refund policy as edited by admins; a NULL column means "the configured default".
CREATE TABLE policy_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  refund_window_days integer CHECK (refund_window_days >= 0),
  approval_threshold bigint CHECK (approval_threshold >= 1),
  blocked_reasons text[],
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
