#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// A process's resident memory, open file descriptors, CPU time and start time, read from `/proc`
/// (Linux); each `nil` where it cannot be read. The one reader of `/proc` for `/metrics`, the memory
/// alert and the benchmarks.
public struct ProcessStats: Sendable, Hashable {
    public var residentBytes: Int64?
    public var openFDs: Int64?
    /// User plus system CPU time used so far.
    public var cpuTime: Duration?
    /// Seconds since 1970 when the process started.
    public var startTimeSeconds: Double?

    /// What `/proc` says of the process `pid`, this one by default.
    public static func read(pid: pid_t? = nil) -> ProcessStats {
        var stats = ProcessStats()
        #if os(Linux)
        let folder = pid.map { "/proc/\($0)" } ?? "/proc/self"
        let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let statm = text(folder + "/statm"), let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int64($0) }) {
            stats.residentBytes = pages * pageSize
        }
        if let dir = opendir(folder + "/fd") {
            var count: Int64 = 0
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { count += 1 }
            }
            closedir(dir)
            stats.openFDs = pid == nil ? count - 1 : count  // our own listing holds the directory stream
        }
        // After the parenthesised command of /proc/PID/stat: field 3 is the state, 14 and 15 user and
        // system time, 22 the start, all times in clock ticks (the start after boot, /proc/stat's `btime`).
        if let stat = text(folder + "/stat"), let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
                stats.cpuTime = .milliseconds(Int64((user + system) / ticks * 1000))
            }
            if fields.count > 19, let startTicks = Double(fields[19]),
                let boot = text("/proc/stat")?.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })?.split(separator: " ").last
                    .flatMap({ Double($0) })
            {
                stats.startTimeSeconds = boot + startTicks / ticks
            }
        }
        #endif
        return stats
    }

    /// This process's peak resident set size in bytes (`getrusage`).
    public static func peakResidentBytes() -> Int64 {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int64(usage.ru_maxrss) * 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int64(usage.ru_maxrss)
        #endif
    }

    private static func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
