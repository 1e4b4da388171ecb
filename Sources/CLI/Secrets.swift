import App
import ArgumentParser
import Foundation
import HTTPAPI
import Logging

struct Secrets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the server key that encrypts stored secrets.",
        subcommands: [RotateKey.self])
}

struct RotateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Re-encrypt every stored secret under a new server key, in one transaction.",
        discussion: """
            With the key file (<data dir>/secret-key), a new key is generated and replaces it.
            With HANGAR_SECRET_KEY, put the new key in HANGAR_NEW_SECRET_KEY (openssl rand -base64 32),
            run this, then set HANGAR_SECRET_KEY to it. Stop the servers first and start them after:
            they keep the old key in memory. If the command is interrupted, run it again to finish.
            """)

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try server.configuration()
        Logs.bootstrap(level: configuration.logLevel)
        let newKey = ProcessInfo.processInfo.environment["HANGAR_NEW_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let outcome = try await SecretRotation.rotate(configuration, newKeyBase64: newKey, logger: Logger(label: "hangar"))
        var lines = ["Re-encrypted \(outcome.resealed) secret(s) under server key \(outcome.newKeyID)."]
        if let file = outcome.keyFile {
            lines.append("The new key is in \(file); restart the servers.")
        } else {
            lines.append("Now set HANGAR_SECRET_KEY to the value of HANGAR_NEW_SECRET_KEY and restart the servers.")
        }
        print(lines.joined(separator: "\n"))
    }
}
