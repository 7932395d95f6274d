import Foundation
import SessionCore
import Testing

/// The encoder and decoder over ``JSONValue``: the API's conventions, exact integers, and errors
/// that name the field.
struct JSONValueCodingTests {
    struct Sample: Codable, Hashable {
        var id: UUID
        var at: Timestamp
        var count: Int64
        var small: Int8
        var ratio: Double
        var single: Float
        var name: String?
        var tags: [String]
        var data: JSONValue
        var nested: [String: [Int]]

        enum CodingKeys: String, CodingKey {
            case id, at, count, small, ratio, single, name, tags, data, nested = "nested_lists"
        }
    }

    static let sample = Sample(
        id: UUID(uuidString: "01A0C450-6C00-7432-A133-C83E503253AA")!, at: Timestamp(milliseconds: 1_790_000_000_123), count: 9_007_199_254_740_993,
        small: -3, ratio: 0.25, single: 1.5, name: nil, tags: ["a", "b"], data: ["k": [1, "x", .null]], nested: ["p": [1, 2]])

    @Test func encodesWithTheAPIConventions() throws {
        let json = try JSONValueEncoder().encode(Self.sample)
        #expect(json["id"] == "01a0c450-6c00-7432-a133-c83e503253aa")
        #expect(json["at"] == "2026-09-21T14:13:20.123Z")
        #expect(json["count"] == .int(9_007_199_254_740_993))
        #expect(json["small"] == .int(-3))
        #expect(json["single"] == .double(1.5))
        #expect(json["name"] == .null)
        #expect(json["data"] == ["k": [1, "x", .null]])
        #expect(json["nested_lists"] == ["p": [1, 2]])
    }

    @Test func roundTrips() throws {
        let json = try JSONValueEncoder().encode(Self.sample)
        #expect(try JSONValueDecoder().decode(Sample.self, from: json) == Self.sample)
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: json) == json)
        let text = JSONWriter.string(json)
        #expect(try JSONValueDecoder().decode(Sample.self, from: JSONParser.parse(text)) == Self.sample)
    }

    struct Bad: CustomStringConvertible, Sendable {
        let description: String
        let change: @Sendable (inout [String: JSONValue]) -> Void
        let message: String
    }

    @Test(arguments: [
        Bad(description: "fraction for an integer", change: { $0["count"] = .double(1.5) }, message: "count must be an integer"),
        Bad(description: "out of range", change: { $0["small"] = .int(300) }, message: "small must be an integer"),
        Bad(description: "missing field", change: { $0["tags"] = nil }, message: "tags is required"),
        Bad(description: "bad UUID", change: { $0["id"] = "nope" }, message: "id must be a UUID"),
        Bad(description: "bad time", change: { $0["at"] = "yesterday" }, message: "at must be an RFC 3339 time"),
        Bad(description: "nested item", change: { $0["nested_lists"] = ["p": [1, "two"]] }, message: "nested_lists.p[1] must be an integer"),
        Bad(description: "string for a list", change: { $0["tags"] = "a" }, message: "tags must be an array"),
    ])
    func badFieldsAreNamed(_ bad: Bad) throws {
        guard case .object(var fields) = try JSONValueEncoder().encode(Self.sample) else { throw SessionError(.invalidArgument, "not an object") }
        bad.change(&fields)
        let error = #expect(throws: SessionError.self) { try JSONValueDecoder().decode(Sample.self, from: .object(fields)) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == bad.message)
    }

    @Test func jsonValueEncodesThroughAnyEncoder() throws {
        let value: JSONValue = ["a": [1, 2.5, "s", true, .null], "b": [:]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }
}
