import Foundation
import SessionKit
import TestSupport
import Testing

/// `import --follow`'s ticks: a write under a watched folder is a `.changed` tick long before the
/// safety-net interval, also in a folder made after the watch started; silence is `.elapsed`.
@Suite struct DirectoryWatcherTests {
    @Test(.enabled(if: DirectoryWatcher.notifies))
    func aWriteInANewSubfolderIsNotifiedBeforeTheInterval() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-watch") { root in
            // Only a notification can tick before the interval: an `.elapsed` here is a failure.
            var ticks = DirectoryWatcher.ticks([root], interval: .seconds(30), debounce: .milliseconds(20)).makeAsyncIterator()
            let folder = root + "/project-a/2026/12/08"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            #expect(await ticks.next() == .changed)
            // The new folders are watched now: a file written deep in them ticks again.
            try Data("first\n".utf8).write(to: URL(fileURLWithPath: folder + "/rollout.jsonl"))
            #expect(await ticks.next() == .changed)
        }
    }

    @Test func silenceTicksEveryInterval() async throws {
        try await withTemporaryDirectory(prefix: "sessiond-watch") { root in
            var ticks = DirectoryWatcher.ticks([root], interval: .milliseconds(50)).makeAsyncIterator()
            #expect(await ticks.next() == .elapsed)
            #expect(await ticks.next() == .elapsed)
        }
    }
}
