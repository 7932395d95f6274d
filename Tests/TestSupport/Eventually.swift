import Foundation

/// Waits until `condition` holds, for at most `timeout` of real time, and returns whether it held.
///
/// The one wait of the test kit on real time, for what a test cannot be told about: a line a
/// background task logs, the state of a server behind a real socket. Where the code under test
/// offers an injected clock (`WallClock`, ``SteppingClock``, `SessionClient.Configuration.sleep`)
/// or a notification (an `AsyncStream` a receiver feeds), tests use that instead.
///
/// The calling task is suspended, not polling: a thread of its own checks `condition` at once and
/// then every `interval`, and resumes the task once `condition` holds or the time is up. No task
/// sleeps.
public func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(5), _ condition: @escaping @Sendable () -> Bool
) async -> Bool {
    await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        Thread.detachNewThread {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            let pause = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            while !condition() {
                guard clock.now < deadline else {
                    continuation.resume(returning: false)
                    return
                }
                Thread.sleep(forTimeInterval: pause)
            }
            continuation.resume(returning: true)
        }
    }
}

/// Waits until the asynchronous `condition` holds, for at most `timeout` of real time, and
/// returns whether it held: for a state a test reads over the network, such as a gauge on
/// `GET /metrics`. Between checks the task waits on a thread of its own, as ``eventually(timeout:interval:_:)``.
public func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(5), _ condition: @Sendable () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while try await !condition() {
        guard clock.now < deadline else { return false }
        await pause(interval)
    }
    return true
}

/// Suspends the task for about `duration`, waiting on a thread of its own: a condition that
/// never holds, given `duration` to hold.
private func pause(_ duration: Duration) async {
    _ = await eventually(timeout: duration, interval: duration) { false }
}

/// Returns only when the calling task is cancelled (then throws `CancellationError`): a stand-in
/// for an injected sleep that must never end by itself.
public func untilCancelled() async throws {
    let (stream, continuation) = AsyncStream<Void>.makeStream()
    await withTaskCancellationHandler {
        for await _ in stream {}
    } onCancel: {
        continuation.finish()
    }
    throw CancellationError()
}
