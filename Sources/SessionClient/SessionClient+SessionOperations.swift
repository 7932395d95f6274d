#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

extension SessionClient: SessionOperations {
    /// `POST /v1/sessions/{id}/events` with a batch and no `Idempotency-Key` header (events may
    /// still carry keys of their own).
    public func append(_ id: UUID, _ events: [NewEvent], expectedSeq: Int64?) async throws -> SessionAppendResult {
        try await append(id, events, expectedSeq: expectedSeq, idempotencyKey: nil)
    }
}
