import SessionCore
import SessionKit

/// The live half of a demo: on each ``step()``, plays the scenario's steps due at the engine's now.
package struct DemoLive: Sendable {
    package private(set) var scenario: DemoScenario
    package private(set) var player: DemoPlayer

    package init(scenario: DemoScenario, player: DemoPlayer) {
        self.scenario = scenario
        self.player = player
    }

    /// Plays what is due now; returns how many steps went through.
    @discardableResult
    package mutating func step() async -> Int {
        var played = 0
        for step in scenario.advance(to: player.manager.clock.now()) where await player.play(step) {
            played += 1
        }
        return played
    }
}
