import NIOHTTP1
public import SessionCore

extension SessionClient {
    /// `POST /v1/hooks/{assistant}`: records one hook payload on the server; `idempotencyKey`
    /// makes a retry apply once. Returns the assistant's session id.
    @discardableResult
    public func recordHook(_ kind: AssistantKind, payload: JSONValue, user: String?, idempotencyKey: String) async throws -> String? {
        let query = user.map { [("user", $0)] } ?? []
        let answer = try await send(.POST, "/v1/hooks/\(kind.rawValue)", query: query, body: payload, headers: [("Idempotency-Key", idempotencyKey)])
        return answer.json["session_id"]?.stringValue
    }
}
