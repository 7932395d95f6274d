import ArgumentParser
struct EmbeddedBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "embedded", abstract: "Benchmark the embedded engine on SQLite.")
    func run() async throws {}
}
