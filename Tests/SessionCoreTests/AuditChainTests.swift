import SessionCore
import Testing

@Suite struct AuditChainTests {
    /// Three entries chained as a store writes them.
    static func chain(_ count: Int = 3) -> [AuditEntry] {
        var previous = EventHash.genesis
        return (1...count).map { id in
            var entry = AuditEntry(
                id: Int64(id), time: Timestamp(milliseconds: 1_790_000_000_000 + Int64(id)), actor: "cli", action: "hold.place",
                target: "session:\(id)", details: ["reason": .string("case \(id)")])
            entry.hash = AuditChain.hash(entry, previous: previous)
            previous = entry.hash!
            return entry
        }
    }

    @Test func anUntouchedChainVerifiesPageByPage() {
        let entries = Self.chain(5)
        let whole = AuditChain.verify(entries)
        #expect(whole.isIntact)
        #expect(whole.checked == 5)
        let paged = AuditChain.verify(Array(entries[3...]), after: AuditChain.verify(Array(entries[..<3])))
        #expect(paged == whole)
    }

    @Test(arguments: [
        ("actor", 2), ("action", 2), ("target", 2), ("details", 2), ("time", 2), ("hash", 2), ("delete", 2), ("swap", 2),
    ])
    func everyEditBreaksTheChainWhereItHappened(_ edit: String, _ brokenID: Int64) {
        var entries = Self.chain()
        switch edit {
        case "actor": entries[1].actor = "someone"
        case "action": entries[1].action = "token.create"
        case "target": entries[1].target = nil
        case "details": entries[1].details = [:]
        case "time": entries[1].time = Timestamp(milliseconds: 0)
        case "hash": entries[1].hash = String(repeating: "a", count: 64)
        case "delete": entries.remove(at: 0)  // the old second entry now links to nothing
        default: entries.swapAt(0, 1)
        }
        let result = AuditChain.verify(entries)
        #expect(result.isIntact == false)
        let expected = edit == "swap" || edit == "delete" ? entries[0].id : brokenID
        #expect(result.firstBrokenID == expected)
    }

    @Test func entriesFromBeforeTheChainMayOnlyComeFirst() {
        let legacy = AuditEntry(id: 0, time: Timestamp(milliseconds: 1), actor: "cli", action: "token.create", target: nil)
        #expect(AuditChain.verify([legacy] + Self.chain()).isIntact)
        var late = legacy
        late.id = 9
        let result = AuditChain.verify(Self.chain() + [late])
        #expect(result.firstBrokenID == 9)
    }
}
