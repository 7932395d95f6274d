#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import SessionCore

/// Deep storage for archived sessions: where retention puts a session's events when they leave
/// the hot tables, and where `archive restore` finds them. ``DirectoryArchiveStore`` keeps one
/// gzip file per session; an object store can follow behind the same three calls.
public protocol ArchiveStore: Sendable {
    /// Stores `archive` durably (on return it survives a crash), replacing an earlier one of the same session.
    func put(_ archive: SessionArchive) async throws

    /// Stores several archives durably; a store may flush them together (one journal commit
    /// instead of one per file).
    func put(_ archives: [SessionArchive]) async throws

    /// The archive of session `id`, or `nil` if there is none.
    func get(_ id: UUID) async throws -> SessionArchive?

    /// Deletes the archive of session `id` (erasure); false if there was none.
    func delete(_ id: UUID) async throws -> Bool
}

extension ArchiveStore {
    public func put(_ archives: [SessionArchive]) async throws {
        for archive in archives { try await put(archive) }
    }
}
