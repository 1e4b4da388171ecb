import App
import ArgumentParser
import Foundation
import HangarClient
import HangarOpenAPI

/// Where the API is and how to authenticate: HANGAR_URL, and the token from
/// HANGAR_ADMIN_TOKEN or the local data directory's admin-token file.
struct ClientOptions: ParsableArguments {
    @Option(help: "Hangar's URL (HANGAR_URL, default http://127.0.0.1:8080).")
    var url: String?

    @Option(help: "Data directory holding admin-token, for a local server (HANGAR_DATA_DIR, default ./data).")
    var dataDir: String?

    @Flag(help: "Print machine-readable JSON instead of a table.")
    var json = false

    var baseURL: String {
        url ?? ProcessInfo.processInfo.environment["HANGAR_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
    }

    func token() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let token = environment["HANGAR_ADMIN_TOKEN"], !token.isEmpty { return token }
        let directory = dataDir ?? environment["HANGAR_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let file = AdminToken.fileURL(dataDirectory: directory)
        return (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs one API call, printing failures the way a person can act on them.
    func call<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        do {
            return try await HangarAPIClient.withClient(url: baseURL, token: token(), body)
        } catch {
            throw CLIFailure(HangarAPIClient.unwrap(error, url: baseURL))
        }
    }
}

/// An error already explained to the user: printed to stderr, exit code 1.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String

    init(_ error: any Error) {
        if let failure = error as? APIFailure {
            var text = "\(failure.message) [\(failure.code), HTTP \(failure.status)]"
            for (field, message) in failure.fields.sorted(by: { $0.key < $1.key }) {
                text += "\n  \(field): \(message)"
            }
            if failure.code == "provider_has_models" {
                text += "\n  Pass --cascade to delete the connection's models with it."
            }
            if failure.status == 401 {
                text += "\n  Set HANGAR_ADMIN_TOKEN, or run from the directory holding the server's data/admin-token (or pass --data-dir)."
            }
            description = text
        } else {
            description = String(describing: error)
        }
    }
}
