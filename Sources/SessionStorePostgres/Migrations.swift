import Logging
import PostgresNIO
import SessionStore

/// The PostgreSQL schema, as numbered migrations applied in order by
/// ``PostgresSessionStore/migrate()``. Tables and columns mirror the SQLite backend's.
///
/// Each migration is a list of single SQL statements (the extended query protocol runs one
/// statement per query). All of them run in one transaction holding an advisory lock, so
/// several `sessiond` instances starting together apply each migration exactly once.
///
/// > Important: never edit a released migration; add a new one.
enum Migrations {
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// `pg_advisory_xact_lock(class, hashtext(schema))`: the class keeps our key apart from
    /// other applications' locks ("sess" in ASCII), the schema lets tests migrate in parallel.
    static let lockClass: Int32 = 0x7365_7373

    static let all: [Migration] = [
        Migration(
            version: 1, name: "initial schema",
            statements: [
                """
                CREATE TABLE sessions (
                    id uuid PRIMARY KEY,
                    parent_id uuid REFERENCES sessions(id),
                    root_id uuid NOT NULL,
                    depth integer NOT NULL,
                    external_id text,
                    user_id text,
                    application text NOT NULL,
                    project_key text,
                    status text NOT NULL,
                    end_reason text,
                    outcome text,
                    created_at bigint NOT NULL,
                    updated_at bigint NOT NULL,
                    last_activity_at bigint NOT NULL,
                    last_heartbeat_at bigint,
                    ended_at bigint,
                    next_check_at bigint,
                    last_seq bigint NOT NULL,
                    last_hash text NOT NULL,
                    context text NOT NULL,
                    effective_context text NOT NULL,
                    labels text NOT NULL,
                    metadata text NOT NULL,
                    policy text NOT NULL,
                    state text NOT NULL,
                    counters text NOT NULL,
                    tracking text NOT NULL,
                    metrics text,
                    CONSTRAINT sessions_application_external_id_key UNIQUE (application, external_id)
                )
                """,
                "CREATE INDEX sessions_user_status ON sessions (user_id, status)",
                "CREATE INDEX sessions_created_at ON sessions (created_at)",
                "CREATE INDEX sessions_status_activity ON sessions (status, last_activity_at)",
                "CREATE INDEX sessions_parent ON sessions (parent_id)",
                "CREATE INDEX sessions_root ON sessions (root_id)",
                "CREATE INDEX sessions_next_check ON sessions (next_check_at) WHERE next_check_at IS NOT NULL",
                """
                CREATE TABLE session_labels (
                    session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    key text NOT NULL,
                    value text NOT NULL,
                    PRIMARY KEY (session_id, key)
                )
                """,
                "CREATE INDEX session_labels_key_value ON session_labels (key, value)",
                """
                CREATE TABLE session_events (
                    position bigint PRIMARY KEY,
                    id uuid NOT NULL UNIQUE,
                    session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    seq bigint NOT NULL,
                    type text NOT NULL,
                    time bigint NOT NULL,
                    data text NOT NULL,
                    state_delta text,
                    inverse_delta text,
                    source text,
                    idempotency_key text,
                    correlation_id text,
                    causation_id text,
                    trace_id text,
                    span_id text,
                    hash text NOT NULL,
                    CONSTRAINT session_events_session_seq_key UNIQUE (session_id, seq),
                    CONSTRAINT session_events_session_idempotency_key UNIQUE (session_id, idempotency_key)
                )
                """,
                "CREATE INDEX session_events_time ON session_events (session_id, time)",
                // The one-row counter that hands out event positions; see `PostgresSessionStore`'s
                // "Event positions" note for why positions are not a sequence.
                """
                CREATE TABLE event_positions (
                    id integer PRIMARY KEY CHECK (id = 1),
                    last bigint NOT NULL
                )
                """,
                "INSERT INTO event_positions (id, last) VALUES (1, 0)",
                """
                CREATE TABLE session_snapshots (
                    session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    seq bigint NOT NULL,
                    state text NOT NULL,
                    created_at bigint NOT NULL,
                    PRIMARY KEY (session_id, seq)
                )
                """,
                """
                CREATE TABLE audit_log (
                    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    time bigint NOT NULL,
                    actor text NOT NULL,
                    action text NOT NULL,
                    target text,
                    details text
                )
                """,
                """
                CREATE TABLE api_tokens (
                    id text PRIMARY KEY,
                    name text NOT NULL,
                    role text NOT NULL,
                    user_id text,
                    token_hash text NOT NULL UNIQUE,
                    created_at bigint NOT NULL,
                    revoked_at bigint
                )
                """,
            ]),
        Migration(
            version: 2, name: "alerts",
            statements: [
                """
                CREATE TABLE alerts (
                    id uuid PRIMARY KEY,
                    rule text NOT NULL,
                    subject text NOT NULL,
                    severity text NOT NULL,
                    state text NOT NULL,
                    summary text NOT NULL,
                    value double precision NOT NULL,
                    threshold double precision NOT NULL,
                    started_at bigint NOT NULL,
                    resolved_at bigint,
                    labels text NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX alerts_firing ON alerts(rule, subject) WHERE state = 'firing'",
                "CREATE INDEX alerts_state ON alerts(state, id)",
            ]),
        Migration(
            version: 3, name: "event redactions",
            statements: ["ALTER TABLE session_events ADD COLUMN redactions text"]),
        Migration(
            version: 4, name: "retention and legal holds",
            statements: [
                "CREATE INDEX sessions_status_ended ON sessions (status, ended_at, id) WHERE ended_at IS NOT NULL",
                """
                CREATE TABLE legal_holds (
                    scope text NOT NULL,
                    target text NOT NULL,
                    reason text NOT NULL,
                    placed_by text NOT NULL,
                    placed_at bigint NOT NULL,
                    PRIMARY KEY (scope, target)
                )
                """,
            ]),
        Migration(version: 5, name: "audit chain", statements: ["ALTER TABLE audit_log ADD COLUMN hash text"]),
        Migration(
            version: 6, name: "consent",
            statements: [
                """
                CREATE TABLE consents (
                    user_id text PRIMARY KEY,
                    categories text NOT NULL,
                    policy_version text,
                    updated_at bigint NOT NULL,
                    updated_by text NOT NULL
                )
                """
            ]),
        Migration(
            version: 7, name: "trash",
            statements: [
                "CREATE TABLE trash_sessions (LIKE sessions INCLUDING DEFAULTS)",
                "ALTER TABLE trash_sessions ADD COLUMN trashed_at bigint NOT NULL DEFAULT 0",
                "CREATE INDEX trash_sessions_id ON trash_sessions (id)",
                "CREATE INDEX trash_sessions_user ON trash_sessions (user_id)",
                "CREATE INDEX trash_sessions_trashed_at ON trash_sessions (trashed_at)",
                "CREATE TABLE trash_events (LIKE session_events INCLUDING DEFAULTS)",
                "CREATE INDEX trash_events_session ON trash_events (session_id)",
                "CREATE TABLE trash_snapshots (LIKE session_snapshots INCLUDING DEFAULTS)",
                "CREATE INDEX trash_snapshots_session ON trash_snapshots (session_id)",
                "CREATE TABLE trash_labels (LIKE session_labels INCLUDING DEFAULTS)",
                "CREATE INDEX trash_labels_session ON trash_labels (session_id)",
            ]),
    ]

    /// Applies the missing migrations in one transaction; returns the versions it applied.
    ///
    /// Creates `schema` first when it is set and missing.
    static func apply(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws -> [Int] {
        _ = try await connection.query(
            "SELECT pg_advisory_xact_lock(\(lockClass), hashtext(\(schema ?? "")))", logger: logger
        ).collect()
        if let schema {
            let exists = try await connection.query(
                "SELECT 1 FROM pg_namespace WHERE nspname = \(schema)", logger: logger
            ).collect()
            if exists.isEmpty {
                // An identifier cannot be a bound parameter: it is quoted instead.
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoteIdentifier(schema))"), logger: logger)
            }
        }
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at bigint NOT NULL
            )
            """, logger: logger)
        var applied = Set<Int>()
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(Int.self)
        {
            applied.insert(version)
        }
        var newlyApplied: [Int] = []
        for migration in all where !applied.contains(migration.version) {
            do {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(migration.version), \(migration.name), (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                    """, logger: logger)
            } catch let error as PSQLError where error.code == .server {
                throw SessionStoreError(
                    .migrationFailed, "migration \(migration.version) (\(migration.name)) failed", underlying: error)
            }
            logger.debug("applied migration", metadata: ["store.migration": "\(migration.version)"])
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }

    /// `name` as a quoted SQL identifier.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.reduce(into: "") { $0 += $1 == "\"" ? "\"\"" : String($1) } + "\""
    }
}
