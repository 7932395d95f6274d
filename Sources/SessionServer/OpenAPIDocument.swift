/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.yaml`.
///
/// `OpenAPITests` checks that it names exactly the routes the router serves.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: sessiond
  version: 1.0.0
  description: The session lifecycle service for developer tools and AI assistants. Errors are application/problem+json (RFC 9457) with a stable code.
security:
- bearerToken: []
- {}
paths:
  /v1/sessions:
    get:
      operationId: listSessions
      summary: "List sessions, newest first"
      parameters:
      - {name: user, in: query, schema: {type: string}}
      - {name: application, in: query, schema: {type: string}}
      - {name: project, in: query, schema: {type: string}}
      - {name: status, in: query, schema: {type: string}}
      - {name: label, in: query, schema: {type: string}}
      - {name: parent, in: query, schema: {type: string}}
      - {name: root, in: query, schema: {type: string}}
      - {name: created_from, in: query, schema: {type: string}}
      - {name: created_until, in: query, schema: {type: string}}
      - {name: active_from, in: query, schema: {type: string}}
      - {name: active_until, in: query, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer}}
      - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SessionPage'}
        default: {$ref: '#/components/responses/Problem'}
    post:
      operationId: createSession
      summary: "Create a session"
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateSession'}
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}:
    get:
      operationId: getSession
      summary: "One session, with its context, effective context and state"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/events:
    get:
      operationId: listEvents
      summary: "A page of events in seq order"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      - {name: after_seq, in: query, schema: {type: integer}}
      - {name: limit, in: query, schema: {type: integer}}
      - {name: type, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/EventPage'}
        default: {$ref: '#/components/responses/Problem'}
    post:
      operationId: appendEvents
      summary: "Append one event or a batch, atomically"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      - {name: Idempotency-Key, in: header, schema: {type: string}}
      - {name: If-Match, in: header, description: the expected last seq, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Append'}
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AppendResult'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/state:
    get:
      operationId: getState
      summary: "The state now, or right after event at_seq"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      - {name: at_seq, in: query, schema: {type: integer}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/State'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/tree:
    get:
      operationId: getTree
      summary: "Descendants and their aggregated metrics"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Tree'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/metrics:
    get:
      operationId: getMetrics
      summary: "Duration, active and idle time, counts, outcome"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Metrics'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/heartbeat:
    post:
      operationId: heartbeat
      summary: "The client is alive"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/recover:
    post:
      operationId: recover
      summary: "Reattach to a live session: context, state, recent events"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Recovery'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/undo:
    post:
      operationId: undo
      summary: "Append the inverse of the newest command"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Event'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/redo:
    post:
      operationId: redo
      summary: "Re-apply the newest undone command"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Event'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/start:
    post:
      operationId: startSession
      summary: "Start an initializing session"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Reason'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/suspend:
    post:
      operationId: suspendSession
      summary: "Detach: no idle timeouts until resumed"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Reason'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/resume:
    post:
      operationId: resumeSession
      summary: "Attach a suspended session"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Reason'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/end:
    post:
      operationId: endSession
      summary: "End gracefully (completed, outcome ok)"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Reason'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/fail:
    post:
      operationId: failSession
      summary: "End as failed (outcome errored)"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Reason'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/sessions/{id}/terminate:
    post:
      operationId: terminateSession
      summary: "Terminate (outcome abandoned)"
      parameters:
      - $ref: '#/components/parameters/SessionID'
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Reason'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/stats:
    get:
      operationId: getStats
      summary: "Sessions by status, live sessions by application, outcome counts and rates, recent durations"
      parameters:
      - {name: user, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {by_status: {type: object}, live: {type: integer}, live_by_application: {type: object}, outcomes: {type: object}, outcome_rates: {type: object}, durations_ms: {type: object}}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/alerts:
    get:
      operationId: listAlerts
      summary: "Alerts of sessiond's built-in rules (failure rate, duration anomaly, disk, memory, database size, persistence failures), newest first"
      parameters:
      - {name: state, in: query, schema: {type: string, enum: [firing, resolved]}}
      - {name: before, in: query, description: "an alert id: only older alerts (paging)", schema: {type: string, format: uuid}}
      - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  alerts:
                    type: array
                    items:
                      type: object
                      properties: {id: {type: string, format: uuid}, rule: {type: string}, severity: {type: string}, state: {type: string, enum: [firing, resolved]}, summary: {type: string}, value: {type: number}, threshold: {type: number}, started_at: {type: string, format: date-time}, resolved_at: {type: [string, "null"], format: date-time}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/analytics/overview:
    get:
      operationId: getAnalyticsOverview
      summary: "Sessions that touch a window: live now, by status, application and user, outcomes, error rate, timeline, duration histogram, weekday-by-hour heatmap (UTC)"
      parameters:
      - {name: window, in: query, description: "1h, 24h, 7d, 30d, or <n>h / <n>d up to 90d (default 24h)", schema: {type: string}}
      - {name: user, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {window: {type: object}, active_now: {type: integer}, by_status: {type: object}, by_application: {type: object}, by_user: {type: object}, outcomes: {type: object}, error_rate: {type: number}, timeline: {type: array, items: {type: object}}, durations: {type: object}, heatmap: {type: array, items: {type: array, items: {type: integer}}}, sample: {type: integer}, truncated: {type: boolean}}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/analytics/groups:
    get:
      operationId: getAnalyticsGroups
      summary: "Sessions that touch a window grouped by project, user, application, time bucket or feature usage (similar event-type profiles), with counts, durations and outcome rates"
      parameters:
      - {name: by, in: query, required: true, schema: {type: string, enum: [project, user, application, window, feature]}}
      - {name: window, in: query, schema: {type: string}}
      - {name: user, in: query, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {by: {type: string}, window: {type: object}, groups: {type: array, items: {type: object}}, other_sessions: {type: integer}, sample: {type: integer}, truncated: {type: boolean}}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/stream:
    get:
      operationId: streamEvents
      summary: "Stored events as Server-Sent Events in position order; each SSE id is the event's position; resumable with Last-Event-ID"
      parameters:
      - {name: session, in: query, schema: {type: string, format: uuid}}
      - {name: user, in: query, schema: {type: string}}
      - {name: application, in: query, schema: {type: string}}
      - {name: tail, in: query, description: "without Last-Event-ID or after: start with the last N events of the store (0 to 1000; 0 = only new ones)", schema: {type: integer, minimum: 0, maximum: 1000}}
      - {name: type, in: query, schema: {type: string}}
      - {name: after, in: query, description: resume after this position, schema: {type: integer}}
      - {name: Last-Event-ID, in: header, schema: {type: string}}
      responses:
        '200':
          description: "A stream of `id: POSITION`, `event: TYPE`, `data: EVENT-JSON` messages, with comment lines as keep-alives"
          content:
            text/event-stream: {schema: {type: string}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/users/{user}/export:
    get:
      operationId: exportUser
      summary: "All of a user's data as JSON Lines: each session, then its events and snapshots (admin, or a token bound to the user); audited"
      parameters:
      - {name: user, in: path, required: true, schema: {type: string}}
      - {name: X-Sessiond-Reason, in: header, description: why an admin acts for another user (audit log), schema: {type: string}}
      responses:
        '200':
          description: "One JSON object per line: {kind: session, session}, {kind: event, event}, {kind: snapshot, snapshot}"
          content:
            application/jsonl: {schema: {type: string}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/users/{user}:
    delete:
      operationId: eraseUser
      summary: "Erase a user's sessions, events, snapshots and labels in one transaction (admin, or an operator token bound to the user); audited"
      parameters:
      - {name: user, in: path, required: true, schema: {type: string}}
      - {name: X-Sessiond-Reason, in: header, description: why an admin acts for another user (audit log), schema: {type: string}}
      responses:
        '200':
          description: "{user_id, erased: {sessions, events, snapshots, labels}}"
          content:
            application/json: {schema: {type: object}}
        default: {$ref: '#/components/responses/Problem'}
  /:
    get:
      summary: "The dashboard (HTML; its script and styles are under /dashboard/)"
      security: []
      responses:
        '200': {description: OK, content: {text/html: {schema: {type: string}}}}
        '304': {description: Not modified (If-None-Match)}
  /dashboard/app.js:
    get:
      summary: "The dashboard's script"
      security: []
      responses:
        '200': {description: OK, content: {text/javascript: {schema: {type: string}}}}
        '304': {description: Not modified (If-None-Match)}
  /dashboard/app.css:
    get:
      summary: "The dashboard's styles"
      security: []
      responses:
        '200': {description: OK, content: {text/css: {schema: {type: string}}}}
        '304': {description: Not modified (If-None-Match)}
  /metrics:
    get:
      summary: "Prometheus metrics (text format 0.0.4): sessions, latency, process; no ids in labels"
      security: []
      responses:
        '200':
          description: OK
          content:
            text/plain: {schema: {type: string}}
        default: {$ref: '#/components/responses/Problem'}
  /v1/tokens:
    get:
      operationId: listTokens
      summary: "Every API token, oldest first, revoked ones included; never a token's text or hash (admin)"
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {tokens: {type: array, items: {$ref: '#/components/schemas/Token'}}}}
        default: {$ref: '#/components/responses/Problem'}
    post:
      operationId: createToken
      summary: "Create an API token; the answer holds its text, shown this once; effective at once (admin); audited as token.create"
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateToken'}
      responses:
        '201':
          description: "The token with its text in `token`, and `Location: /v1/tokens/ID`"
          content:
            application/json:
              schema: {$ref: '#/components/schemas/IssuedToken'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/tokens/{id}:
    delete:
      operationId: revokeToken
      summary: "Revoke a token: the next request with it is 401 (admin); audited as token.revoke; 404 token_not_found if no such active token"
      parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The token, with revoked_at
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Token'}
        default: {$ref: '#/components/responses/Problem'}
  /v1/audit:
    get:
      operationId: readAuditLog
      summary: "Audit log entries after an id, oldest first (admin)"
      parameters:
      - {name: after, in: query, description: entries with a larger id (default 0), schema: {type: integer, minimum: 0}}
      - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AuditPage'}
        default: {$ref: '#/components/responses/Problem'}
  /health/live:
    get:
      summary: "The process is up"
      security: []
      responses:
        '200': {description: OK}
        default: {$ref: '#/components/responses/Problem'}
  /health/ready:
    get:
      summary: "The store is reachable and migrated"
      security: []
      responses:
        '200': {description: OK}
        default: {$ref: '#/components/responses/Problem'}
  /openapi.yaml:
    get:
      summary: "This document"
      security: []
      responses:
        '200': {description: OK, content: {application/yaml: {}}}
components:
  securitySchemes:
    bearerToken:
      type: http
      scheme: bearer
      description: "An API token from `sessiond token create` (sd_ + 64 hex digits). Required on /v1 once any token exists (401 unauthorized without, 403 forbidden for a role that may not; see docs/SECURITY.md); without tokens the API is open and the server binds loopback only."
  parameters:
    SessionID: {name: id, in: path, required: true, schema: {type: string, format: uuid}}
  responses:
    Problem:
      description: An error
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Problem: {type: object, required: [type, title, status, code], properties: {type: {type: string}, title: {type: string}, status: {type: integer}, detail: {type: string}, code: {type: string}, instance: {type: string}}}
    Session: {type: object, required: [id, root_id, depth, application, status, created_at, last_seq], properties: {id: {type: string, format: uuid}, parent_id: {type: string}, root_id: {type: string}, depth: {type: integer}, external_id: {type: string}, user_id: {type: string}, application: {type: string}, project_key: {type: string}, status: {type: string, enum: [initializing, active, idle, suspended, completed, failed, expired, terminated, archived]}, end_reason: {type: string}, outcome: {type: string, enum: [ok, errored, crashed, abandoned]}, created_at: {type: string, format: date-time}, updated_at: {type: string, format: date-time}, last_activity_at: {type: string, format: date-time}, last_heartbeat_at: {type: string, format: date-time}, ended_at: {type: string, format: date-time}, context: {type: object}, effective_context: {type: object}, labels: {type: object, additionalProperties: {type: string}}, metadata: {}, policy: {$ref: '#/components/schemas/Policy'}, state: {type: object}, last_seq: {type: integer}, counters: {type: object}, metrics: {$ref: '#/components/schemas/Metrics'}}}
    Policy: {type: object, properties: {idle_after_ms: {type: integer}, expire_after_ms: {type: integer}, warn_at: {type: array, items: {type: number}}, max_duration_ms: {type: integer}, heartbeat_interval_ms: {type: integer}, close_policy: {type: string, enum: [terminate, abandon]}}}
    CreateSession: {type: object, additionalProperties: false, properties: {application: {type: string}, user_id: {type: string}, parent_id: {type: string, format: uuid}, external_id: {type: string}, project_key: {type: string}, labels: {type: object, additionalProperties: {type: string}}, metadata: {}, context: {type: object}, policy: {$ref: '#/components/schemas/Policy'}, start: {type: boolean}}}
    NewEvent: {type: object, required: [type], additionalProperties: false, properties: {type: {type: string}, data: {}, state_delta: {type: object}, source: {type: string}, idempotency_key: {type: string}, correlation_id: {type: string}, causation_id: {type: string}, trace_id: {type: string}, span_id: {type: string}}}
    Append: {oneOf: [{$ref: '#/components/schemas/NewEvent'}, {type: object, required: [events], properties: {events: {type: array, maxItems: 1000, items: {$ref: '#/components/schemas/NewEvent'}}, expected_seq: {type: integer}}}]}
    Event: {type: object, required: [id, session_id, seq, position, type, time, data, hash], properties: {id: {type: string}, session_id: {type: string}, seq: {type: integer}, position: {type: integer}, type: {type: string}, time: {type: string, format: date-time}, data: {}, state_delta: {type: object}, inverse_delta: {type: object}, source: {type: string}, idempotency_key: {type: string}, correlation_id: {type: string}, causation_id: {type: string}, trace_id: {type: string}, span_id: {type: string}, hash: {type: string}}}
    AppendResult: {type: object, properties: {events: {type: array, items: {$ref: '#/components/schemas/Event'}}, last_seq: {type: integer}, replayed: {type: integer}}}
    EventPage: {type: object, properties: {events: {type: array, items: {$ref: '#/components/schemas/Event'}}, next_after_seq: {type: [integer, 'null']}}}
    SessionPage: {type: object, properties: {sessions: {type: array, items: {$ref: '#/components/schemas/Session'}}, next_cursor: {type: [string, 'null']}}}
    State: {type: object, properties: {session_id: {type: string}, seq: {type: integer}, state: {type: object}}}
    Metrics: {type: object, properties: {status: {type: string}, outcome: {type: string}, end_reason: {type: string}, duration_ms: {type: integer}, active_ms: {type: integer}, idle_ms: {type: integer}, suspended_ms: {type: integer}, events: {type: integer}, errors: {type: integer}, tool_calls: {type: integer}, tokens: {type: integer}, cost_usd: {type: number}, children: {type: integer}}}
    Tree: {type: object, properties: {root: {$ref: '#/components/schemas/Session'}, descendants: {type: array, items: {$ref: '#/components/schemas/Session'}}, metrics: {type: object}}}
    Recovery: {type: object, properties: {session: {$ref: '#/components/schemas/Session'}, context: {type: object}, state: {type: object}, recent_events: {type: array, items: {$ref: '#/components/schemas/Event'}}}}
    Reason: {type: object, additionalProperties: false, properties: {reason: {type: string}}}
    Token: {type: object, required: [id, name, role, created_at], properties: {id: {type: string}, name: {type: string}, role: {type: string, enum: [reader, writer, operator, admin]}, user_id: {type: [string, 'null']}, created_at: {type: string, format: date-time}, revoked_at: {type: [string, 'null'], format: date-time}}}
    CreateToken: {type: object, required: [role], additionalProperties: false, properties: {role: {type: string, enum: [reader, writer, operator, admin]}, user_id: {type: string, minLength: 1}, name: {type: string, minLength: 1}}}
    IssuedToken: {allOf: [{$ref: '#/components/schemas/Token'}, {type: object, required: [token], properties: {token: {type: string, description: "sd_ + 64 hex digits; shown only in this answer"}}}]}
    AuditEntry: {type: object, required: [id, time, actor, action], properties: {id: {type: integer}, time: {type: string, format: date-time}, actor: {type: string}, action: {type: string}, target: {type: [string, 'null']}, details: {type: object}}}
    AuditPage: {type: object, properties: {entries: {type: array, items: {$ref: '#/components/schemas/AuditEntry'}}, next_after: {type: [integer, 'null']}}}
"""#
}
