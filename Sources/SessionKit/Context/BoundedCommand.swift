import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command and returns its standard output, or nil when it could not start, failed, or ran past its timeout.
///
/// Made to never hold its caller past the timeout, however the command behaves and however busy the process is:
/// - The command starts in a process group of its own, and a timeout kills the whole group with `SIGKILL`, so
///   neither a child that ignores `SIGTERM` nor a helper it started outlives it. Signals ignored by this process
///   (a server ignores `SIGTERM` to drain) are reset to their defaults in the child.
/// - Output goes to an unlinked temporary file rather than a pipe: a large output never stalls the command, and a
///   helper that keeps the descriptor open never stalls the caller.
/// - The child is watched, and killed at its deadline, by a thread of its own. Foundation's `Process` detects exits
///   on one shared thread, which blocks in `waitpid` for whichever child it is handling, and a timer on Dispatch's
///   global queue waits behind whatever work occupies that queue's few threads: under load, both made a 200 ms
///   timeout take seconds.
struct BoundedCommand: Sendable {
    /// Most bytes of output read.
    static let outputLimit = 1 << 20

    var executable: String
    var leadingArguments: [String]
    var timeout: Duration
    var environment: [String: String]

    /// - Parameter command: an executable (a path, or a name looked up in `PATH`) and leading arguments, separated
    ///   by spaces.
    init?(_ command: String, timeout: Duration, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let parts = command.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let executable = parts.first else { return nil }
        self.executable = executable
        self.leadingArguments = Array(parts.dropFirst())
        self.timeout = timeout
        self.environment = environment
    }

    func output(_ arguments: [String]) async -> String? {
        guard !Task.isCancelled, let file = OutputFile() else { return nil }
        let run = ChildRun(output: file, deadline: .now + timeout)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                guard run.begin(continuation) else { return }
                guard let pid = spawn(leadingArguments + arguments, stdout: file.descriptor) else {
                    run.finish(nil)
                    return
                }
                Thread.detachNewThread { run.watch(pid) }
            }
        } onCancel: {
            run.expire()
        }
    }

    /// Starts the command in a new process group with standard input and error on `/dev/null`; nil if it could not start.
    private func spawn(_ arguments: [String], stdout: Int32) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { return nil }
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawnattr_init(&attributes) == 0 else { return nil }
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { (argument: String) in strdup(argument) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { (key: String, value: String) in strdup("\(key)=\(value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let spawned =
            executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        return spawned == 0 ? pid : nil
    }
}

/// One run of a child process: resumes its waiter exactly once, with the output, or nil if the child failed to
/// start, exited non-zero, was killed by a signal, or expired (then its process group is killed).
private final class ChildRun: Sendable {
    private struct State {
        var continuation: CheckedContinuation<String?, Never>?
        var pid: pid_t?
        var finished = false
        var expired = false
    }

    private let state = Mutex(State())
    private let output: OutputFile
    private let deadline: ContinuousClock.Instant

    init(output: OutputFile, deadline: ContinuousClock.Instant) {
        self.output = output
        self.deadline = deadline
    }

    /// Stores the waiter; false (and the waiter resumed with nil) if the run was already cancelled.
    func begin(_ continuation: CheckedContinuation<String?, Never>) -> Bool {
        let expired = state.withLock { state in
            if !state.expired { state.continuation = continuation }
            return state.expired
        }
        if expired { continuation.resume(returning: nil) }
        return !expired
    }

    /// Resumes the waiter with `result` unless it was resumed already.
    func finish(_ result: String?) {
        let continuation = state.withLock { state in
            state.finished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }

    /// Timeout or cancellation: kills the child's process group if it still runs and resumes the waiter with nil.
    func expire() {
        let continuation = state.withLock { state in
            state.expired = true
            if !state.finished, let pid = state.pid { kill(-pid, SIGKILL) }
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: nil)
    }

    /// Waits for the child on the calling (dedicated) thread, polling at most every 5 ms, and kills it at the
    /// deadline. Reaps it either way, so no zombie stays behind.
    func watch(_ pid: pid_t) {
        let cancelled = state.withLock { state in
            state.pid = pid
            return state.expired
        }
        if cancelled { kill(-pid, SIGKILL) }
        var pause: Int = 100_000  // nanoseconds
        while true {
            var status: Int32 = 0
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                let exitedNormally = status & 0x7f == 0
                let code = (status >> 8) & 0xff
                finish(exitedNormally && code == 0 ? output.contents(limit: BoundedCommand.outputLimit) : nil)
                return
            }
            if waited < 0, errno != EINTR {
                finish(nil)
                return
            }
            if state.withLock({ $0.expired }) || ContinuousClock.now >= deadline {
                expire()
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                return
            }
            var interval = timespec(tv_sec: 0, tv_nsec: pause)
            nanosleep(&interval, nil)
            pause = min(pause * 2, 5_000_000)
        }
    }
}

/// An anonymous temporary file for a child's standard output, closed on exec so other children never inherit it.
private final class OutputFile: Sendable {
    let descriptor: Int32

    init?() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sessiond-\(UUID().uuidString)").path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        unlink(path)
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The first `limit` bytes written, decoded as UTF-8.
    func contents(limit: Int) -> String {
        let size = min(Int(max(0, lseek(descriptor, 0, SEEK_END))), limit)
        var bytes = [UInt8](repeating: 0, count: size)
        var count = 0
        bytes.withUnsafeMutableBytes { buffer in
            while count < size {
                let n = pread(descriptor, buffer.baseAddress! + count, size - count, off_t(count))
                if n > 0 {
                    count += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }
}
