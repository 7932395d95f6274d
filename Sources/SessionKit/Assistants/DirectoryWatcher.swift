#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Foundation

/// Ticks for `sessiond import --follow`: one when something under the watched paths changed
/// (Linux inotify, on every directory below them, including ones created later), a short
/// `debounce` after the first change so a burst of writes is one tick; and one every `interval`
/// without a change, as a safety net (a file system without notifications, such as NFS, or a
/// platform without inotify, where every tick is one).
///
/// The watching runs on a thread of its own (a blocking `poll`), never on the concurrency pool;
/// it stops when the stream's consumer goes away.
package enum DirectoryWatcher {
    package enum Tick: Sendable, Equatable {
        /// A file or folder under the paths was written, created or moved in.
        case changed
        /// `interval` passed without a change.
        case elapsed
    }

    /// Whether changes are notified here (Linux) rather than found by polling.
    package static var notifies: Bool {
        #if os(Linux)
        true
        #else
        false
        #endif
    }

    /// The watches are in place when this returns (a change from then on is a tick); the
    /// waiting happens on a thread of its own.
    package static func ticks(_ paths: [String], interval: Duration, debounce: Duration = .milliseconds(100)) -> AsyncStream<Tick> {
        let (stream, continuation) = AsyncStream.makeStream(of: Tick.self, bufferingPolicy: .bufferingNewest(1))
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.stop() }
        #if os(Linux)
        let watcher = Inotify(paths)
        #endif
        Thread.detachNewThread {
            #if os(Linux)
            if let watcher {
                watcher.run(interval: interval, debounce: debounce, stop: stop) { continuation.yield($0) }
                return
            }
            #endif
            while !stop.isStopped {
                Thread.sleep(forTimeInterval: interval.seconds)
                continuation.yield(.elapsed)
            }
        }
        return stream
    }
}

/// Set once the stream's consumer has gone.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func stop() { flag.store(true, ordering: .relaxed) }
    var isStopped: Bool { flag.load(ordering: .relaxed) }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    fileprivate var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

#if os(Linux)
/// One inotify instance and a watch on every directory below the paths. Made on the caller's
/// thread, then owned by the watching thread alone (hence unchecked).
private final class Inotify: @unchecked Sendable {
    private let fd: Int32
    private var directories: [Int32: String] = [:]
    private static let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF)

    init?(_ paths: [String]) {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            // A file is watched through its folder, which also sees it replaced.
            watchTree(isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent)
        }
        guard !directories.isEmpty else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    private func watchTree(_ root: String) {
        let wd = inotify_add_watch(fd, root, Self.mask)
        guard wd >= 0 else { return }
        directories[wd] = root
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for entry in entries {
            let path = root + "/" + entry
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { watchTree(path) }
        }
    }

    func run(interval: Duration, debounce: Duration, stop: StopFlag, yield: (DirectoryWatcher.Tick) -> Void) {
        let (intervalMS, debounceMS) = (interval.milliseconds, debounce.milliseconds)
        let slice = Int32(min(250, max(1, intervalMS)))  // ms between looks at `stop`
        var sinceTick: Int64 = 0
        var pendingSince: Int64?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stop.isStopped {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = pendingSince.map { Int32(max(1, min(Int64(slice), debounceMS - $0))) } ?? slice
            let start = Self.milliseconds()
            let ready = poll(&descriptor, 1, wait)
            let waited = Self.milliseconds() - start
            sinceTick += waited
            if let since = pendingSince { pendingSince = since + waited }
            if ready > 0, read(into: &buffer) { pendingSince = pendingSince ?? 0 }
            if let since = pendingSince, since >= debounceMS {
                pendingSince = nil
                sinceTick = 0
                yield(.changed)
            } else if sinceTick >= intervalMS {
                sinceTick = 0
                yield(.elapsed)
            }
        }
    }

    /// Drains the queued events, watching new folders; whether any was a change.
    private func read(into buffer: inout [UInt8]) -> Bool {
        var changed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return changed }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, let parent = directories[wd] {
                    let name = String(decoding: buffer[nameStart..<nameStart + length].prefix { $0 != 0 }, as: UTF8.self)
                    watchTree(parent + "/" + name)
                }
                if mask & UInt32(IN_IGNORED) != 0 { directories[wd] = nil }
                changed = true
                offset = nameStart + length
            }
        }
    }

    private static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
#endif
