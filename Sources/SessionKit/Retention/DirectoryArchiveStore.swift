import CSyncFS
import CZlib
public import Foundation
import SessionStore
public import SessionCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Archived sessions as gzip-compressed JSON Lines (``SessionArchive``), one file per session:
/// `DIR/<last two hex digits of the id>/<id>.jsonl.gz`.
///
/// A file is written to a temporary name, flushed to disk, renamed into place and its folder
/// flushed, so an archive is either whole or absent after a crash.
public struct DirectoryArchiveStore: ArchiveStore {
    /// The archive directory; created when the first archive is stored.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Where the archive of `id` lives.
    public func url(of id: UUID) -> URL {
        let text = id.lowercased
        return directory.appendingPathComponent(String(text.suffix(2)), isDirectory: true).appendingPathComponent("\(text).jsonl.gz")
    }

    public func put(_ archive: SessionArchive) async throws {
        try await put([archive])
    }

    /// Writes every file under a temporary name, flushes them all at once, renames them into
    /// place and flushes again: two journal commits for the batch.
    public func put(_ archives: [SessionArchive]) async throws {
        var written: [(temporary: URL, target: URL)] = []
        do {
            for archive in archives {
                let target = url(of: archive.session.id)
                let folder = target.deletingLastPathComponent()
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let temporary = folder.appendingPathComponent(".\(archive.session.id.lowercased).\(UInt32.random(in: 0...UInt32.max)).tmp")
                written.append((temporary, target))
                try Self.writeGzip(archive.jsonLines(), to: temporary.path)
            }
            guard !written.isEmpty else { return }
            try Self.flush(written.map(\.temporary.path), under: directory.path)
            for file in written {
                guard rename(file.temporary.path, file.target.path) == 0 else { throw Self.failure("cannot move the archive into place", errno) }
            }
            try Self.flush(Set(written.map { $0.target.deletingLastPathComponent().path }).sorted(), under: directory.path)
        } catch {
            for file in written { unlink(file.temporary.path) }
            throw error
        }
    }

    public func get(_ id: UUID) async throws -> SessionArchive? {
        let path = url(of: id).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SessionArchive(jsonLines: try Self.readGzip(path))
    }

    public func delete(_ id: UUID) async throws -> Bool {
        let path = url(of: id).path
        guard unlink(path) == 0 else {
            if errno == ENOENT { return false }
            throw Self.failure("cannot delete the archive", errno)
        }
        return true
    }

    static func writeGzip(_ bytes: [UInt8], to path: String) throws {
        guard let file = gzopen(path, "wb6") else { throw failure("cannot create the archive", errno) }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 20)
            let written = bytes.withUnsafeBytes { raw in gzwrite(file, raw.baseAddress! + offset, UInt32(chunk)) }
            guard written == Int32(chunk) else {
                gzclose(file)
                throw failure("cannot write the archive", errno)
            }
            offset += chunk
        }
        guard gzclose(file) == Z_OK else { throw failure("cannot finish the archive", errno) }
    }

    static func readGzip(_ path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else { throw failure("cannot open the archive", errno) }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in gzread(file, raw.baseAddress!, UInt32(raw.count)) }
            if count < 0 { throw SessionError(.invalidArgument, "the archive \(path) is not valid gzip") }
            if count == 0 { break }
            out.append(contentsOf: buffer[0..<Int(count)])
        }
        return out
    }

    /// Flushes `paths` (files or folders on one file system, below `root`) to disk: one
    /// `syncfs` on Linux, an `fsync` each elsewhere.
    static func flush(_ paths: [String], under root: String) throws {
        #if os(Linux)
        let fd = open(root, O_RDONLY)
        guard fd >= 0 else { throw failure("cannot open \(root) to flush it", errno) }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw failure("cannot flush \(root)", errno) }
        #else
        for path in paths { try sync(path) }
        #endif
    }

    /// Flushes a file or folder to disk.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure("cannot open \(path) to flush it", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("cannot flush \(path)", errno) }
    }

    static func failure(_ message: String, _ code: Int32) -> any Error {
        SessionStoreError(.unavailable, "\(message): \(String(cString: strerror(code)))")
    }
}
