import Foundation
import SessionClient
import Testing

/// ``ServerSentEventParser``: the SSE format, fed in chunks split anywhere.
@Suite struct ServerSentEventParserTests {
    typealias Message = ServerSentEventParser.Message

    /// A stream with every feature, and the messages it holds.
    static let text = """
        \u{FEFF}: sessiond stream

        id: 1
        event: tool.call
        data: {"a":1}

        : keep-alive

        retry: 100
        unknown: x
        data:two
        data:  lines

        id: 3
        data

        event: empty-data-is-not-sent

        id:4
        event:
        data: last


        """
    static let messages = [
        Message(id: "1", event: "tool.call", data: #"{"a":1}"#), Message(id: "1", event: "message", data: "two\n lines"),
        Message(id: "3", event: "message", data: ""), Message(id: "4", event: "message", data: "last"),
    ]

    static func parse(_ bytes: [UInt8], splitAt cuts: [Int]) -> [Message] {
        var parser = ServerSentEventParser()
        var out: [Message] = []
        var start = 0
        for cut in cuts + [bytes.count] {
            parser.feed(bytes[start..<cut])
            while let message = parser.next() { out.append(message) }
            start = cut
        }
        return out
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everySplitGivesTheSameMessages(_ newline: String) {
        let bytes = Array(Self.text.replacingOccurrences(of: "\n", with: newline).utf8)
        #expect(Self.parse(bytes, splitAt: []) == Self.messages)
        for cut in 0...bytes.count {
            #expect(Self.parse(bytes, splitAt: [cut]) == Self.messages, "split at \(cut)")
        }
        // One byte at a time.
        #expect(Self.parse(bytes, splitAt: Array(0..<bytes.count)) == Self.messages)
    }

    @Test func aMessageIsSentOnlyAtItsBlankLine() {
        var parser = ServerSentEventParser()
        parser.feed(Array("id: 7\ndata: x\n".utf8))
        #expect(parser.next() == nil)
        parser.feed(Array("\r".utf8))
        #expect(parser.next() == Message(id: "7", event: "message", data: "x"))
        // A LF after that CR, in the next chunk, is part of the same line end.
        parser.feed(Array("\ndata: y\n\n".utf8))
        #expect(parser.next() == Message(id: "7", event: "message", data: "y"))
        #expect(parser.next() == nil)
    }

    @Test func resetDropsAPartialMessageButKeepsTheLastID() {
        var parser = ServerSentEventParser()
        parser.feed(Array("id: 9\ndata: whole\n\nid: 10\ndata: hal".utf8))
        parser.reset()
        parser.feed(Array("data: next\n\n".utf8))
        #expect(parser.next() == Message(id: "9", event: "message", data: "whole"))
        #expect(parser.next() == Message(id: "9", event: "message", data: "next"))
    }
}
