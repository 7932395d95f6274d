#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// This process's resident memory, open file descriptors and start time, read from `/proc`
/// (Linux); `nil` where that is not available.
struct ProcessStats {
    var residentBytes: Int64?
    var openFDs: Int64?
    var startTimeSeconds: Double?

    static func current() -> ProcessStats {
        var stats = ProcessStats()
        #if os(Linux)
        let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let statm = read("/proc/self/statm"), let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int64($0) }) {
            stats.residentBytes = pages * pageSize
        }
        if let dir = opendir("/proc/self/fd") {
            var count: Int64 = 0
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { count += 1 }
            }
            closedir(dir)
            stats.openFDs = count - 1  // the directory stream itself
        }
        // Field 22 of /proc/self/stat (after the parenthesised command) is the start in clock
        // ticks after boot; /proc/stat's `btime` is the boot time.
        if let stat = read("/proc/self/stat"), let close = stat.lastIndex(of: ")"),
            let startTicks = stat[stat.index(after: close)...].split(separator: " ").dropFirst(19).first.flatMap({ Double($0) }),
            let boot = read("/proc/stat")?.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })?.split(separator: " ").last
                .flatMap({ Double($0) })
        {
            stats.startTimeSeconds = boot + startTicks / ticks
        }
        #endif
        return stats
    }

    private static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
