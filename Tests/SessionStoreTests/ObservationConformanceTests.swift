import SessionCore
import SessionKit
import SessionStore
import Testing

@Suite struct ObservationConformanceTests {
    @Test(arguments: StoreBackend.available)
    func observationCountsLiveSessionsByStatusAndApplication(_ backend: StoreBackend) async throws {
        try await backend.withEngine { manager, _ in
            let a1 = try await manager.create(.stub(app: "agent"))
            _ = try await manager.create(.stub(app: "agent"))
            let ide = try await manager.create(.stub(app: "ide"))
            _ = try await manager.suspend(ide.id)
            let done = try await manager.create(.stub(app: "cli"))
            _ = try await manager.end(done.id)
            _ = try await manager.append(a1.id, [NewEvent(type: "note")])

            let observation = try await manager.store.observe()
            let counts = Dictionary(uniqueKeysWithValues: observation.live.map { ("\($0.status.rawValue)/\($0.application)", $0.count) })
            #expect(counts == ["active/agent": 2, "suspended/ide": 1])
            #expect((observation.databaseBytes ?? 0) > 0)
            #expect(manager.store.backend == backend.rawValue)
            if backend == .sqlite {
                #expect((observation.diskTotalBytes ?? 0) >= (observation.diskFreeBytes ?? -1))
            } else {
                #expect(observation.diskFreeBytes == nil)
            }
        }
    }
}
