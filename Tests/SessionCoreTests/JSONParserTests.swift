import Foundation
import SessionCore
import Testing

/// The concatenation of byte runs: builds inputs that mix text with raw (possibly invalid) bytes.
func concat(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
/// The UTF-8 bytes of `s`.
func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

struct JSONParserTests {
    /// Valid documents and their canonical text (compact, keys sorted, ints without and doubles with a fraction).
    static let valid: [(String, String)] = [
        ("{}", "{}"),
        ("[]", "[]"),
        ("\"\"", "\"\""),
        ("0", "0"),
        ("-0", "0"),
        ("null", "null"),
        ("true", "true"),
        ("false", "false"),
        ("42", "42"),
        ("-17", "-17"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775808", "9.223372036854776e+18"),
        ("12345678901234567890", "1.2345678901234567e+19"),
        ("1.0", "1.0"),
        ("-2.5", "-2.5"),
        ("0.1", "0.1"),
        ("1e3", "1000.0"),
        ("1E-2", "0.01"),
        ("2.5e+2", "250.0"),
        ("1e15", "1000000000000000.0"),
        ("1e16", "1e+16"),
        ("1e-7", "1e-07"),
        ("-0.0", "0.0"),
        ("1e-400", "0.0"),
        (" \t\r\n{ \"b\" : 1 , \"a\" : [ true , null ] } \n", #"{"a":[true,null],"b":1}"#),
        (#"{"b":1,"B":2,"é":3,"a":4,"aa":5,"":6}"#, #"{"":6,"B":2,"a":4,"aa":5,"b":1,"é":3}"#),
        (#"{"a":{"z":[],"y":{}},"a2":[{"k":"v"},[1,[2,[3]]]]}"#, #"{"a":{"y":{},"z":[]},"a2":[{"k":"v"},[1,[2,[3]]]]}"#),
        (#"{"a":1,"a":2}"#, #"{"a":2}"#),
        (#""\u00e9\u00E9""#, #""éé""#),
        (#""\/\b\f\n\r\t\"\\""#, #""/\u0008\u000c\n\r\t\"\\""#),
        (#""\ud83d\ude00 😀""#, #""😀 😀""#),
        (#""a\u0000b\u001fc""#, #""a\u0000b\u001fc""#),
        (#""\u007f""#, "\"\u{7F}\""),
        ("\"日本語\"", "\"日本語\""),
        (#"[1,1.0,"1"]"#, #"[1,1.0,"1"]"#),
    ]

    @Test(arguments: valid)
    func parsesAndWritesCanonically(_ input: String, _ canonical: String) throws {
        let value = try JSONParser.parse(input)
        #expect(JSONWriter.string(value) == canonical)
        #expect(JSONWriter.bytes(value) == Array(canonical.utf8))
        #expect(value.description == canonical)
        // Canonical text parses back to the same value and writes the same text.
        let again = try JSONParser.parse(canonical)
        #expect(again == value)
        #expect(JSONWriter.string(again) == canonical)
        // String and byte entry points agree.
        #expect(try JSONParser.parse(Array(input.utf8)) == value)
    }

    @Test func parsesToTheExpectedValues() throws {
        let value = try JSONParser.parse(#"{"i":1,"d":1.0,"s":"x","b":false,"n":null,"a":[1,"2",[]],"o":{"k":-3.5e2}}"#)
        #expect(
            value
                == .object([
                    "i": .int(1), "d": .double(1.0), "s": .string("x"), "b": .bool(false), "n": .null,
                    "a": .array([.int(1), .string("2"), .array([])]), "o": .object(["k": .double(-350)]),
                ])
        )
    }

    /// Integers stay integers, fractions and exponents make doubles; the two never compare equal.
    @Test(arguments: [
        ("1", JSONValue.int(1)), ("1.0", .double(1)), ("1e0", .double(1)), ("-5", .int(-5)), ("-5.0", .double(-5)),
        ("100", .int(100)), ("1E2", .double(100)), ("0", .int(0)), ("0.0", .double(0)),
    ])
    func intVersusDouble(_ text: String, _ expected: JSONValue) throws {
        let value = try JSONParser.parse(text)
        #expect(value == expected)
        if case .int = expected {
            #expect(value != .double(expected.doubleValue ?? .nan))
        } else {
            #expect(value != .int(expected.int64Value ?? .max))
        }
        #expect(try JSONParser.parse(JSONWriter.string(value)) == value, "the kind survives a round trip")
    }

    @Test(arguments: [0.1, -0.5, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 123456.789, 1e15, 1e16 + 2, 3.0, -1e14, 2.0 / 3])
    func doublesRoundTripExactly(_ d: Double) throws {
        let text = JSONWriter.string(.double(d))
        #expect(try JSONParser.parse(text) == .double(d), "\(text)")
    }

    static let invalidJSON: [(String, [UInt8])] = [
        ("empty", []),
        ("whitespace only", utf8(" \n\t ")),
        ("trailing comma in array", utf8("[1,]")),
        ("trailing comma in object", utf8(#"{"a":1,}"#)),
        ("leading comma", utf8("[,1]")),
        ("double comma", utf8("[1,,2]")),
        ("missing comma", utf8("[1 2]")),
        ("leading zero", utf8("01")),
        ("negative leading zero", utf8("-01")),
        ("leading zero in array", utf8("[00]")),
        ("bare minus", utf8("-")),
        ("bare plus", utf8("+1")),
        ("bare fraction", utf8(".5")),
        ("dot without digits", utf8("1.")),
        ("exponent without digits", utf8("1e")),
        ("exponent sign without digits", utf8("1e+")),
        ("hex number", utf8("0x10")),
        ("infinite number", utf8("1e400")),
        ("bare NaN", utf8("NaN")),
        ("lowercase nan", utf8("nan")),
        ("Infinity", utf8("Infinity")),
        ("-Infinity", utf8("-Infinity")),
        ("NaN in array", utf8("[1,NaN]")),
        ("lone high surrogate", utf8(#""\ud800""#)),
        ("lone low surrogate", utf8(#""\udc00""#)),
        ("high surrogate then letter", utf8(#""\ud800\u0041""#)),
        ("high surrogate then escape", utf8(#""\ud800\n""#)),
        ("high surrogate at end", utf8(#""\ud83d"#)),
        ("unescaped newline", utf8("\"a\nb\"")),
        ("unescaped tab", utf8("\"a\tb\"")),
        ("unescaped NUL", concat(utf8("\"a"), [0x00], utf8("b\""))),
        ("control char after escape", concat(utf8(#""\n"#), [0x01], utf8("\""))),
        ("unknown escape", utf8(#""\x41""#)),
        ("short unicode escape", utf8(#""\u12""#)),
        ("bad hex digit", utf8(#""\u12G4""#)),
        ("unterminated string", utf8(#""abc"#)),
        ("unterminated escape", utf8(#""abc\"#)),
        ("single quotes", utf8("'a'")),
        ("unquoted key", utf8("{a:1}")),
        ("number key", utf8("{1:1}")),
        ("key without value", utf8(#"{"a"}"#)),
        ("key without colon", utf8(#"{"a" 1}"#)),
        ("unclosed object", utf8(#"{"a":1"#)),
        ("unclosed array", utf8("[1,2")),
        ("extra closing brace", utf8(#"{"a":1}}"#)),
        ("trailing garbage", utf8("{}x")),
        ("two values", utf8("1 2")),
        ("trailing comma at top", utf8("1,")),
        ("truncated true", utf8("tru")),
        ("misspelt null", utf8("nul")),
        ("capital True", utf8("True")),
        ("comment", utf8("[1] // c")),
        ("byte order mark", concat([0xEF, 0xBB, 0xBF], utf8("{}"))),
        ("non-ASCII outside a string", concat([0xFF])),
    ]

    @Test(arguments: invalidJSON)
    func rejectsMalformed(_ name: String, _ input: [UInt8]) {
        let error = #expect(throws: SessionError.self, "\(name)") { try JSONParser.parse(input) }
        #expect(error?.code == .invalidJSON, "\(name)")
    }

    static let invalidUTF8: [(String, [UInt8])] = [
        ("0xFF in a string", concat(utf8("\""), [0xFF], utf8("\""))),
        ("lone continuation byte", concat(utf8("\"a"), [0x80], utf8("\""))),
        ("overlong NUL", concat(utf8("\""), [0xC0, 0x80], utf8("\""))),
        ("overlong slash", concat(utf8("\""), [0xE0, 0x80, 0xAF], utf8("\""))),
        ("truncated sequence", concat(utf8("\""), [0xE2, 0x82], utf8("\""))),
        ("encoded surrogate", concat(utf8("\""), [0xED, 0xA0, 0x80], utf8("\""))),
        ("beyond U+10FFFF", concat(utf8("\""), [0xF4, 0x90, 0x80, 0x80], utf8("\""))),
        ("invalid in a key", concat(utf8(#"{""#), [0xFE], utf8(#"":1}"#))),
        ("invalid after an escape", concat(utf8(#""\n"#), [0xFF], utf8("\""))),
        ("invalid nested", concat(utf8(#"{"a":["ok",""#), [0xC3], utf8(#""]}"#))),
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8InStrings(_ name: String, _ input: [UInt8]) {
        let error = #expect(throws: SessionError.self, "\(name)") { try JSONParser.parse(input) }
        #expect(error?.code == .invalidUTF8, "\(name)")
    }

    @Test func acceptsValidMultibyteUTF8() throws {
        let input = concat(utf8("\""), [0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80], utf8("\""))
        #expect(try JSONParser.parse(input) == "é€😀")
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(try JSONParser.parse(ok).depth == 64)
        let error = #expect(throws: SessionError.self) { try JSONParser.parse(deep) }
        #expect(error?.code == .jsonTooDeep)

        // Far too deep, unterminated: stops at the limit rather than recursing.
        let hostile = String(repeating: "[", count: 100_000)
        #expect((#expect(throws: SessionError.self) { try JSONParser.parse(hostile) })?.code == .jsonTooDeep)
    }

    @Test(arguments: [
        ("[[1]]", true), ("[[[1]]]", false), (#"{"a":{"b":1}}"#, true), (#"{"a":{"b":{}}}"#, false),
        (#"{"a":[{}]}"#, false), (#"[{"a":[]}]"#, false), (#"[1,[2],{"a":3}]"#, true), ("7", true),
    ])
    func customDepthLimit(_ text: String, _ accepted: Bool) throws {
        let limits = JSONParser.Limits(maxDepth: 2)
        if accepted {
            #expect(try JSONParser.parse(text, limits: limits).depth <= 2)
        } else {
            let error = #expect(throws: SessionError.self) { try JSONParser.parse(text, limits: limits) }
            #expect(error?.code == .jsonTooDeep)
        }
    }

    @Test func sizeLimits() throws {
        let doc = #"{"k":"abcdef"}"#  // 14 bytes
        #expect(try JSONParser.parse(doc, limits: .init(maxBytes: 14)) == ["k": "abcdef"])
        let tooLarge = #expect(throws: SessionError.self) { try JSONParser.parse(doc, limits: .init(maxBytes: 13)) }
        #expect(tooLarge?.code == .payloadTooLarge)

        #expect(try JSONParser.parse(doc, limits: .init(maxStringBytes: 6)) == ["k": "abcdef"])
        let longString = #expect(throws: SessionError.self) { try JSONParser.parse(doc, limits: .init(maxStringBytes: 5)) }
        #expect(longString?.code == .payloadTooLarge)

        // The escaped path counts decoded bytes.
        let escaped = #""ab\ncdé""#  // decodes to 7 bytes
        #expect(try JSONParser.parse(escaped, limits: .init(maxStringBytes: 7)) == "ab\ncdé")
        let longEscaped = #expect(throws: SessionError.self) { try JSONParser.parse(escaped, limits: .init(maxStringBytes: 6)) }
        #expect(longEscaped?.code == .payloadTooLarge)

        // Keys are strings too.
        let longKey = #expect(throws: SessionError.self) {
            try JSONParser.parse(#"{"abcdef":1}"#, limits: .init(maxStringBytes: 5))
        }
        #expect(longKey?.code == .payloadTooLarge)
    }

    @Test func defaultLimits() {
        let limits = JSONParser.Limits.default
        #expect(limits.maxDepth == 64)
        #expect(limits.maxBytes == 16 << 20)
        #expect(limits.maxStringBytes == 16 << 20)
    }

    @Test func errorMessagesNameThePositionNotThePayload() {
        let secret = "sk-live-0123456789"
        let error = #expect(throws: SessionError.self) { try JSONParser.parse(#"{"key":"\#(secret)",}"#) }
        #expect(error?.message.contains("byte") == true)
        #expect(error?.message.contains(secret) == false)
        #expect(error?.description.contains(secret) == false)
    }
}

struct JSONWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("quote \" backslash \\ slash /", #"quote \" backslash \\ slash /"#),
        ("\n\r\t", #"\n\r\t"#),
        ("\u{0}\u{1}\u{8}\u{C}\u{1F}", #"\u0000\u0001\u0008\u000c\u001f"#),
        ("\u{7F} é 😀 \u{2028}", "\u{7F} é 😀 \u{2028}"),
    ])
    func escapesStrings(_ raw: String, _ escaped: String) throws {
        let text = JSONWriter.string(.string(raw))
        #expect(text == "\"" + escaped + "\"")
        #expect(try JSONParser.parse(text) == .string(raw))
    }

    @Test(arguments: [
        (JSONValue.double(.nan), "null"), (.double(.infinity), "null"), (.double(-.infinity), "null"),
        (.double(1), "1.0"), (.double(-2), "-2.0"), (.double(0), "0.0"), (.double(-0.0), "0.0"),
        (.double(999_999_999_999_999), "999999999999999.0"), (.double(1e15), "1000000000000000.0"), (.double(1e16), "1e+16"), (.double(0.5), "0.5"),
        (.int(0), "0"), (.int(.max), "9223372036854775807"), (.int(.min), "-9223372036854775808"),
        (.bool(true), "true"), (.null, "null"), (.array([]), "[]"), (.object([:]), "{}"),
        (.array([.int(1), .double(1), .string("1"), .null]), #"[1,1.0,"1",null]"#),
    ])
    func writesScalars(_ value: JSONValue, _ text: String) {
        #expect(JSONWriter.string(value) == text)
    }

    @Test func sortsKeysByUTF8Bytes() {
        let value: JSONValue = ["b": 1, "a": 2, "Z": 3, "ä": 4, "a\u{0}": 5, "_": 6, "10": 7, "9": 8]
        #expect(JSONWriter.string(value) == "{\"10\":7,\"9\":8,\"Z\":3,\"_\":6,\"a\":2,\"a\\u0000\":5,\"b\":1,\"ä\":4}")
    }

    @Test func equalValuesWriteEqualText() {
        // Built in different insertion orders.
        var a: [String: JSONValue] = [:]
        var b: [String: JSONValue] = [:]
        let keys = (0..<50).map { "key\($0)" }
        for key in keys { a[key] = .string(key) }
        for key in keys.reversed() { b[key] = .string(key) }
        #expect(JSONValue.object(a) == JSONValue.object(b))
        #expect(JSONWriter.bytes(.object(a)) == JSONWriter.bytes(.object(b)))
    }

    @Test func writeAppends() {
        var out = Array("prefix:".utf8)
        JSONWriter.write(["a": [1, 2]], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"prefix:{"a":[1,2]}"#)
    }
}

struct JSONValueTests {
    @Test(arguments: [
        (JSONValue.int(5), Int64?.some(5), Double?.some(5)),
        (.double(5), 5, 5),
        (.double(5.5), nil, 5.5),
        (.double(-3), -3, -3),
        (.double(1e19), nil, 1e19),
        (.double(.nan), nil, nil),
        (.string("5"), nil, nil),
        (.bool(true), nil, nil),
        (.null, nil, nil),
    ])
    func numericViews(_ value: JSONValue, _ int: Int64?, _ double: Double?) {
        #expect(value.int64Value == int)
        if let double {
            #expect(value.doubleValue == double)
        } else if case .double(let d) = value, d.isNaN {
            #expect(value.doubleValue?.isNaN == true)
        } else {
            #expect(value.doubleValue == nil)
        }
    }

    static let depths: [(JSONValue, Int)] = [
        (JSONValue.null, 0), (.int(1), 0), (.string("x"), 0), (.array([]), 1), (.object([:]), 1),
        ([[1]], 2), (["a": ["b": [1]]], 3), ([1, [2, [3, [4]]], ["a": 1]], 4),
    ]

    @Test(arguments: depths)
    func depth(_ value: JSONValue, _ depth: Int) {
        #expect(value.depth == depth)
    }

    @Test func accessors() {
        let value: JSONValue = ["a": "x", "n": nil]
        #expect(value["a"] == .string("x"))
        #expect(value["a"]?.stringValue == "x")
        #expect(value["n"] == .some(.null))
        #expect(value["missing"] == Optional<JSONValue>.none)
        #expect(JSONValue.array([1])["a"] == Optional<JSONValue>.none)
        #expect(value.isObject)
        #expect(!JSONValue.array([]).isObject)
        #expect(value.objectValue?.count == 2)
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.emptyObject == .object([:]))
    }

    @Test func literals() {
        let value: JSONValue = ["s": "t", "i": 1, "d": 1.5, "b": true, "n": nil, "a": [1, "2"]]
        #expect(
            value
                == .object([
                    "s": .string("t"), "i": .int(1), "d": .double(1.5), "b": .bool(true), "n": .null,
                    "a": .array([.int(1), .string("2")]),
                ])
        )
    }

    static let merges: [(JSONValue, JSONValue, JSONValue)] = [
        (JSONValue.emptyObject, JSONValue.emptyObject, JSONValue.emptyObject),
        (["a": 1], ["b": 2], ["a": 1, "b": 2]),
        (["a": 1], ["a": 2], ["a": 2]),
        (["a": ["x": 1, "y": 2]], ["a": ["y": 3, "z": 4]], ["a": ["x": 1, "y": 3, "z": 4]]),
        (["a": ["x": 1]], ["a": 5], ["a": 5]),
        (["a": 5], ["a": ["x": 1]], ["a": ["x": 1]]),
        (["a": 1], ["a": nil], ["a": nil]),
        (["a": [1, 2]], ["a": [3]], ["a": [3]]),
        ([1], ["a": 1], ["a": 1]),
        (["a": 1], "x", "x"),
    ]

    @Test(arguments: merges)
    func merging(_ base: JSONValue, _ overlay: JSONValue, _ expected: JSONValue) {
        #expect(base.merging(overlay) == expected)
    }

    /// `measure` computes what writing would give, without writing.
    @Test(arguments: JSONParserTests.valid.map(\.0))
    func measureAgreesWithTheWriter(_ text: String) throws {
        let value = try JSONParser.parse(text)
        let measured = value.measure()
        #expect(measured.bytes == JSONWriter.bytes(value).count)
        #expect(measured.depth == value.depth)
    }

    @Test(arguments: 0..<4)
    func measureAgreesOnGeneratedValues(_ seed: Int) {
        var rng = TestRandom(seed: UInt64(seed) &+ 100)
        for _ in 0..<100 {
            var value = rng.object(depth: 4, nulls: true)
            if case .object(var o) = value {
                o["s\u{1}\"\\\n"] = .string("\u{0}\t\r é😀\u{1F}\u{7F}")
                o["d"] = .double(Double(rng.below(1000)) / 7)
                value = .object(o)
            }
            let measured = value.measure()
            #expect(measured.bytes == JSONWriter.bytes(value).count)
            #expect(measured.depth == value.depth)
        }
    }

    @Test func measureStopsPastTheLimit() {
        let value: JSONValue = .array((0..<1000).map { .string("item \($0)") })
        let full = value.measure()
        let limited = value.measure(limit: 100)
        #expect(limited.bytes > 100)
        #expect(limited.bytes < full.bytes)
    }

    @Test(arguments: ["", "plain", "\"", "\\", "\n\r\t", "\u{0}\u{1F}", "\u{7F}", "é😀", "mixed \"q\" \\ \u{8} end"])
    func escapedLengthAgreesWithTheWriter(_ s: String) {
        var out: [UInt8] = []
        JSONWriter.writeString(s, into: &out)
        #expect(JSONWriter.escapedLength(s) == out.count)
    }
}
