import Foundation
import SessionCore
import Testing

/// Parses a JSON literal of a table; a malformed table entry fails the test.
func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

struct MergePatchTests {
    /// RFC 7396, Appendix A: (original, patch, result).
    static let rfcAppendixA: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rfcAppendixA)
    func rfc7396AppendixA(_ original: String, _ patch: String, _ result: String) throws {
        #expect(JSONMergePatch.apply(try json(patch), to: try json(original)) == (try json(result)))
    }

    /// RFC 7396, section 3: the worked example.
    @Test func rfc7396Section3Example() throws {
        let target = try json(
            #"{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}"#
        )
        let patch = try json(
            #"{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}"#
        )
        let expected = try json(
            #"{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}"#
        )
        #expect(JSONMergePatch.apply(patch, to: target) == expected)
    }

    /// (state, patch, expected inverse): applying the patch, then its inverse, restores the state.
    static let inverses: [(String, String, String)] = [
        (#"{}"#, #"{"a":1}"#, #"{"a":null}"#),
        (#"{"a":1}"#, #"{"a":2}"#, #"{"a":1}"#),
        (#"{"a":1}"#, #"{"a":null}"#, #"{"a":1}"#),
        (#"{"a":1}"#, #"{"b":null}"#, #"{}"#),
        (#"{"a":1}"#, #"{"a":1}"#, #"{}"#),
        (#"{"a":1}"#, #"{}"#, #"{}"#),
        (#"{"a":1.5,"b":"s"}"#, #"{"a":1}"#, #"{"a":1.5}"#),
        (#"{"a":1}"#, #"{"a":1.0}"#, #"{"a":1}"#),
        (#"{"a":{"b":1,"c":2}}"#, #"{"a":{"b":null,"d":3}}"#, #"{"a":{"b":1,"d":null}}"#),
        (#"{"a":{"b":1}}"#, #"{"a":5}"#, #"{"a":{"b":1}}"#),
        (#"{"a":5}"#, #"{"a":{"b":1}}"#, #"{"a":5}"#),
        (#"{"a":{"b":1}}"#, #"{"a":[1]}"#, #"{"a":{"b":1}}"#),
        (#"{"a":[1,2]}"#, #"{"a":[3]}"#, #"{"a":[1,2]}"#),
        (#"{"a":[1,2]}"#, #"{"a":[1,2]}"#, #"{}"#),
        (#"{"a":{"b":1}}"#, #"{"a":{}}"#, #"{}"#),
        (#"{"a":{"b":1}}"#, #"{"a":{"b":1}}"#, #"{}"#),
        (#"{}"#, #"{"a":{"b":null}}"#, #"{"a":null}"#),
        (#"{"a":{"x":{"y":1}}}"#, #"{"a":{"x":{"y":2,"z":{"w":null}}}}"#, #"{"a":{"x":{"y":1,"z":null}}}"#),
        (#"{"a":"x","b":{"c":true}}"#, #"{"a":null,"b":null,"c":{"d":[]}}"#, #"{"a":"x","b":{"c":true},"c":null}"#),
        (#"{"a":{"b":{"c":1}}}"#, #"{"a":{"b":"str"}}"#, #"{"a":{"b":{"c":1}}}"#),
        (#"{"a":"s"}"#, #"{"a":{"b":{"c":null}}}"#, #"{"a":"s"}"#),
        (
            #"{"k":{"deep":{"deeper":{"x":1,"y":[1]}}},"o":0}"#, #"{"k":{"deep":{"deeper":{"x":null,"y":[2]},"n":true}},"o":null}"#,
            #"{"k":{"deep":{"deeper":{"x":1,"y":[1]},"n":null}},"o":0}"#
        ),
    ]

    @Test(arguments: inverses)
    func inverseRestoresTheState(_ stateText: String, _ patchText: String, _ inverseText: String) throws {
        let state = try json(stateText)
        let patch = try json(patchText)
        let inverse = JSONMergePatch.inverse(of: patch, on: state)
        #expect(inverse == (try json(inverseText)))
        let patched = JSONMergePatch.apply(patch, to: state)
        #expect(JSONMergePatch.apply(inverse, to: patched) == state)
        // Redo: the patch again gives the same patched state.
        #expect(JSONMergePatch.apply(patch, to: JSONMergePatch.apply(inverse, to: patched)) == patched)
    }

    /// A merge patch cannot set a value to null: a key whose old value was null is removed on undo.
    @Test func nullValuedKeysAreNotRestored() throws {
        let state = try json(#"{"a":null,"b":1}"#)
        let patch = try json(#"{"a":1}"#)
        let inverse = JSONMergePatch.inverse(of: patch, on: state)
        #expect(inverse == (try json(#"{"a":null}"#)))
        #expect(JSONMergePatch.apply(inverse, to: JSONMergePatch.apply(patch, to: state)) == (try json(#"{"b":1}"#)))
    }

    @Test func nonObjectPatchInvertsToTheTarget() throws {
        let state = try json(#"{"a":1}"#)
        #expect(JSONMergePatch.inverse(of: [1, 2], on: state) == state)
        #expect(JSONMergePatch.apply(JSONMergePatch.inverse(of: [1, 2], on: state), to: [1, 2]) == state)
    }

    /// Generated states (without nulls) and patches: apply then inverse is the identity.
    @Test(arguments: 0..<8)
    func generatedInversesRestore(_ seed: Int) {
        var rng = TestRandom(seed: UInt64(seed) &+ 1)
        for _ in 0..<50 {
            let state = rng.object(depth: 3, nulls: false)
            let patch = rng.object(depth: 3, nulls: true)
            let inverse = JSONMergePatch.inverse(of: patch, on: state)
            let patched = JSONMergePatch.apply(patch, to: state)
            #expect(JSONMergePatch.apply(inverse, to: patched) == state, "state \(state) patch \(patch)")
            #expect(inverse.isObject)
        }
    }

    /// Applying a patch is idempotent.
    @Test(arguments: rfcAppendixA)
    func applyIsIdempotent(_ original: String, _ patch: String, _ result: String) throws {
        let once = JSONMergePatch.apply(try json(patch), to: try json(original))
        #expect(JSONMergePatch.apply(try json(patch), to: once) == once)
    }
}

/// A small deterministic generator for test data (xorshift64*).
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func scalar() -> JSONValue {
        switch below(5) {
        case 0: return .int(Int64(below(5)))
        case 1: return .double(Double(below(4)) + 0.5)
        case 2: return .string(["x", "y", "z"][below(3)])
        case 3: return .bool(below(2) == 0)
        default: return .array((0..<below(3)).map { _ in .int(Int64(below(3))) })
        }
    }

    mutating func object(depth: Int, nulls: Bool) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for _ in 0..<below(4) {
            let key = ["a", "b", "c", "d"][below(4)]
            let roll = below(10)
            if nulls && roll < 3 {
                o[key] = .null
            } else if depth > 0 && roll < 6 {
                o[key] = object(depth: depth - 1, nulls: nulls)
            } else {
                o[key] = scalar()
            }
        }
        return .object(o)
    }
}
