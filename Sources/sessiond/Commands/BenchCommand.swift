import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure sessiond on this machine.", subcommands: [EmbeddedBenchCommand.self, HTTPBenchCommand.self, AssistantsBenchCommand.self])
}
