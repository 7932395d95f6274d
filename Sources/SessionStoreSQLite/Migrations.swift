import GRDB

/// The SQLite schema, as numbered migrations applied in order when a store opens.
///
/// Two choices made for append speed, measured with `sessiond bench embedded`:
/// - `position` is the rowid without `AUTOINCREMENT`, which would rewrite `sqlite_sequence`
///   on every insert. A rowid is max + 1, so positions only increase as long as the event with
///   the highest position is never deleted; code that deletes events must keep that row.
/// - No `(session_id, time)` index: a session's events are read by `seq`, whose order is their
///   time order, and `UNIQUE (session_id, seq)` already indexes that. Each extra index on the
///   append path costs a page write per commit.
///
/// > Important: never edit a released migration; add a new one.
enum Migrations {
    static let all: [(version: Int, name: String, sql: String)] = [
        (
            1, "initial schema",
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY NOT NULL,
                parent_id TEXT REFERENCES sessions(id),
                root_id TEXT NOT NULL,
                depth INTEGER NOT NULL,
                external_id TEXT,
                user_id TEXT,
                application TEXT NOT NULL,
                project_key TEXT,
                status TEXT NOT NULL,
                end_reason TEXT,
                outcome TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                last_activity_at INTEGER NOT NULL,
                last_heartbeat_at INTEGER,
                ended_at INTEGER,
                next_check_at INTEGER,
                last_seq INTEGER NOT NULL,
                last_hash TEXT NOT NULL,
                context TEXT NOT NULL,
                effective_context TEXT NOT NULL,
                labels TEXT NOT NULL,
                metadata TEXT NOT NULL,
                policy TEXT NOT NULL,
                state TEXT NOT NULL,
                counters TEXT NOT NULL,
                tracking TEXT NOT NULL,
                metrics TEXT,
                UNIQUE (application, external_id)
            );
            CREATE INDEX sessions_user_status ON sessions(user_id, status);
            CREATE INDEX sessions_created_at ON sessions(created_at);
            CREATE INDEX sessions_status_activity ON sessions(status, last_activity_at);
            CREATE INDEX sessions_parent ON sessions(parent_id);
            CREATE INDEX sessions_root ON sessions(root_id);
            CREATE INDEX sessions_next_check ON sessions(next_check_at) WHERE next_check_at IS NOT NULL;

            CREATE TABLE session_labels (
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (session_id, key)
            ) WITHOUT ROWID;
            CREATE INDEX session_labels_key_value ON session_labels(key, value);

            CREATE TABLE session_events (
                position INTEGER PRIMARY KEY,
                id TEXT NOT NULL,
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                type TEXT NOT NULL,
                time INTEGER NOT NULL,
                data TEXT NOT NULL,
                state_delta TEXT,
                inverse_delta TEXT,
                source TEXT,
                idempotency_key TEXT,
                correlation_id TEXT,
                causation_id TEXT,
                trace_id TEXT,
                span_id TEXT,
                hash TEXT NOT NULL,
                UNIQUE (session_id, seq)
            );
            CREATE UNIQUE INDEX session_events_idempotency ON session_events(session_id, idempotency_key)
                WHERE idempotency_key IS NOT NULL;

            CREATE TABLE session_snapshots (
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (session_id, seq)
            ) WITHOUT ROWID;

            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                time INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                details TEXT
            );

            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                user_id TEXT,
                token_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            """
        ),
        (
            2, "alerts",
            """
            CREATE TABLE alerts (
                id TEXT PRIMARY KEY NOT NULL,
                rule TEXT NOT NULL,
                subject TEXT NOT NULL,
                severity TEXT NOT NULL,
                state TEXT NOT NULL,
                summary TEXT NOT NULL,
                value REAL NOT NULL,
                threshold REAL NOT NULL,
                started_at INTEGER NOT NULL,
                resolved_at INTEGER,
                labels TEXT NOT NULL
            );
            CREATE UNIQUE INDEX alerts_firing ON alerts(rule, subject) WHERE state = 'firing';
            CREATE INDEX alerts_state ON alerts(state, id);
            """
        ),
        (3, "event redactions", "ALTER TABLE session_events ADD COLUMN redactions TEXT;"),
        (
            4, "retention and legal holds",
            """
            CREATE INDEX sessions_status_ended ON sessions(status, ended_at, id) WHERE ended_at IS NOT NULL;
            CREATE TABLE legal_holds (
                scope TEXT NOT NULL,
                target TEXT NOT NULL,
                reason TEXT NOT NULL,
                placed_by TEXT NOT NULL,
                placed_at INTEGER NOT NULL,
                PRIMARY KEY (scope, target)
            );
            """
        ),
        (5, "audit chain", "ALTER TABLE audit_log ADD COLUMN hash TEXT;"),
        (
            6, "consent",
            """
            CREATE TABLE consents (
                user_id TEXT PRIMARY KEY NOT NULL,
                categories TEXT NOT NULL,
                policy_version TEXT,
                updated_at INTEGER NOT NULL,
                updated_by TEXT NOT NULL
            );
            """
        ),
        (
            7, "trash",
            """
            CREATE TABLE trash_sessions AS SELECT * FROM sessions WHERE 0;
            ALTER TABLE trash_sessions ADD COLUMN trashed_at INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX trash_sessions_id ON trash_sessions(id);
            CREATE INDEX trash_sessions_user ON trash_sessions(user_id);
            CREATE INDEX trash_sessions_trashed_at ON trash_sessions(trashed_at);
            CREATE TABLE trash_events AS SELECT * FROM session_events WHERE 0;
            CREATE INDEX trash_events_session ON trash_events(session_id);
            CREATE TABLE trash_snapshots AS SELECT * FROM session_snapshots WHERE 0;
            CREATE INDEX trash_snapshots_session ON trash_snapshots(session_id);
            CREATE TABLE trash_labels AS SELECT * FROM session_labels WHERE 0;
            CREATE INDEX trash_labels_session ON trash_labels(session_id);
            """
        ),
    ]

    /// Applies the missing migrations in one immediate transaction: several processes opening
    /// the same file at once wait for each other (busy timeout) and apply each migration once.
    static func apply(_ db: Database, now: Int64) throws {
        try db.inTransaction(.immediate) {
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
                    """)
            let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
            for migration in all where !applied.contains(migration.version) {
                try db.execute(sql: migration.sql)
                try db.execute(
                    sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.version, migration.name, now])
            }
            return .commit
        }
    }
}
