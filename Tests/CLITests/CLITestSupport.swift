import App
import Foundation
import HangarTesting
import Hummingbird
import Logging
import Storage
import Testing

/// A live Hangar on an ephemeral port, and the built `hangar` binary run against it.
enum CLIFixture {
    static let token = "cli-test-admin-token-5d2e"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Result: Sendable, CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout.prefix(1500))\nstderr: \(stderr.prefix(1500))" }
        /// Table rows without the header line.
        var rows: [String] { Array(stdout.split(separator: "\n").map(String.init).dropFirst()) }
        func json() throws -> Any { try JSON.parse(Data(stdout.utf8)) }
    }

    /// Runs `body` with the URL of a server built by `buildApplication` (the same code as
    /// `hangar serve`) listening on a free port, on a fresh database of `engine`.
    static func withServer(
        _ engine: DatabaseEngine, hubEndpoint: String? = nil, configure: (inout HangarConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (String) async throws -> Void
    ) async throws {
        try await withServer(at: try await TestDatabases.makeLocation(engine), hubEndpoint: hubEndpoint, configure: configure, body)
    }

    /// The same on the data of `location`: a second call restarts the server on what the first left.
    @discardableResult
    static func withServer<T: Sendable>(
        at location: TestLocation, hubEndpoint: String? = nil, configure: (inout HangarConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        var configuration = HangarConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: location.dataDirectory, databaseURL: location.databaseURL,
            adminToken: token, logLevel: .warning)
        // As the HTTP tests' server does: the parallel suite, not the pool, can hold a wait for
        // a connection past 5 s (five of these failed so in a full run's start-up burst).
        configuration.databaseWaitSeconds = 30
        configuration.ollamaStatusPollSeconds = 0
        if let hubEndpoint { configuration.hubEndpoint = hubEndpoint }
        configure(&configuration)
        var logger = Logger(label: "hangar-cli-test")
        logger.logLevel = .critical
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let app = try await buildApplication(configuration, logger: logger) { url, _ in continuation.yield(url) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await app.runService(gracefulShutdownSignals: [])
            }
            var iterator = urls.makeAsyncIterator()
            guard let url = await iterator.next() else {
                while try await group.next() != nil {}  // rethrows why the server stopped
                throw Failure(description: "the server stopped before listening")
            }
            let result = try await body(url)
            group.cancelAll()
            return result
        }
    }

    /// The `hangar` executable next to the test bundle (both live in the build directory).
    static let binary: URL = {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("hangar"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hangar"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("hangar"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/hangar"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs `hangar <arguments>` with HANGAR_URL and HANGAR_ADMIN_TOKEN, in an empty
    /// directory so no ./data/admin-token is picked up by accident.
    /// `stdin` is piped in when given; otherwise stdin is empty (never the test runner's).
    /// `environment` adds variables; a command still running after `deadline` is terminated, so
    /// a `serve` that should have refused to start fails the test instead of hanging it.
    static func hangar(
        _ arguments: [String], url: String, token: String? = CLIFixture.token, stdin: String? = nil,
        environment extra: [String: String] = [:], deadline: Duration? = nil
    ) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure(description: "no hangar executable at \(binary.path); run swift build first")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let inURL = directory.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HANGAR_") && $0.key != "DATABASE_URL" }
        environment["HANGAR_URL"] = url
        if let token { environment["HANGAR_ADMIN_TOKEN"] = token }
        environment.merge(extra) { _, new in new }
        let process = try ChildProcess(
            binary.path, arguments, environment: environment, directory: directory.path,
            stdin: .file(inURL.path), stdout: .file(outURL.path), stderr: .file(errURL.path))
        let watchdog = deadline.map { deadline in
            Task {
                try? await Task.sleep(for: deadline)
                if !Task.isCancelled { process.signal(SIGTERM) }
            }
        }
        // Waited for on a thread of its own, not one of the cooperative pool the server also runs on.
        let status = await process.wait()
        watchdog?.cancel()
        return Result(
            status: status, stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}
