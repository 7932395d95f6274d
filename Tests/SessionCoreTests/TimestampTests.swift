import Foundation
import SessionCore
import Testing

struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (1_700_000_000_000, "2023-11-14T22:13:20.000Z"),
        (951_782_400_123, "2000-02-29T00:00:00.123Z"),
        (4_107_542_399_999, "2100-02-28T23:59:59.999Z"),
        (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
        (-86_400_000, "1969-12-31T00:00:00.000Z"),
    ])
    func iso8601(_ ms: Int64, _ expected: String) {
        let ts = Timestamp(milliseconds: ms)
        #expect(ts.iso8601 == expected)
        #expect(ts.description == expected)
    }

    @Test func iso8601AgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var ms: Int64 = -2_208_988_800_000  // 1900-01-01
        while ms < 7_258_118_400_000 {  // 2200-01-01
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(Timestamp(milliseconds: ms).iso8601 == expected)
            ms += 86_400_000 * 97 + 3_723_456
        }
    }

    @Test func addingAndSince() {
        let t = Timestamp(milliseconds: 1000)
        #expect(t.adding(.seconds(2)) == Timestamp(milliseconds: 3000))
        #expect(t.adding(.milliseconds(1)) == Timestamp(milliseconds: 1001))
        #expect(Timestamp(milliseconds: 3000).milliseconds(since: t) == 2000)
        #expect(t.milliseconds(since: Timestamp(milliseconds: 3000)) == 0)
        #expect(t < Timestamp(milliseconds: 1001))
        #expect(!(t < t))
    }

    @Test(arguments: [
        (Duration.seconds(300), Int64(300_000)),
        (.milliseconds(1), 1),
        (.microseconds(1500), 1),
        (.seconds(0), 0),
        (.milliseconds(86_400_000), 86_400_000),
    ])
    func durationMilliseconds(_ duration: Duration, _ ms: Int64) {
        #expect(duration.milliseconds == ms)
    }

    @Test func codableAsMilliseconds() throws {
        let data = try JSONEncoder().encode([Timestamp(milliseconds: 1_700_000_000_123)])
        #expect(String(decoding: data, as: UTF8.self) == "[1700000000123]")
        let back = try JSONDecoder().decode([Timestamp].self, from: data)
        #expect(back == [Timestamp(milliseconds: 1_700_000_000_123)])
    }
}
