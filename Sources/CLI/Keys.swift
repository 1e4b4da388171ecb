import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Application keys for the gateway (the secret is shown once, at creation).",
        subcommands: [Create.self, List.self, Show.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print its secret (shown this once).")
        @Argument(help: "A name to tell the key apart.") var name: String
        @Option(name: .customLong("model"), help: "A catalog model id the key may call (repeat; none = every active model).")
        var models: [String] = []
        @Option(name: .customLong("scope"), help: "inference or catalog:read (repeat; default inference).") var scopes: [String] = []
        @Option(help: "Requests per minute.") var rpmLimit: Int?
        @Option(help: "Tokens per minute.") var tpmLimit: Int?
        @Option(help: "Calls at once.") var maxParallel: Int?
        @Option(help: "Budget in USD (with --budget-period).") var budgetUsd: String?
        @Option(help: "day, month or total.") var budgetPeriod: String?
        @Option(help: "Expiry, such as 2027-01-31T00:00:00Z.") var expiresAt: String?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let scopes = try self.scopes.map { value in
                guard let scope = KeyScope(rawValue: value) else { throw ValidationError("--scope must be inference or catalog:read") }
                return scope
            }
            let budget = try budgetUsd.map { text in
                guard let value = Decimal(string: text) else { throw ValidationError("--budget-usd must be a number, such as 25.50") }
                return value
            }
            let period = try budgetPeriod.map { text in
                guard let value = BudgetPeriod(rawValue: text) else { throw ValidationError("--budget-period must be day, month or total") }
                return value
            }
            let draft = APIKeyDraft(
                name: name, models: models.isEmpty ? nil : models, scopes: scopes.isEmpty ? nil : scopes, rpmLimit: rpmLimit,
                tpmLimit: tpmLimit, maxParallel: maxParallel, budgetUSD: budget, budgetPeriod: period, expiresAt: expiresAt)
            let created = try await client.call { api in try await api.createKey(body: .json(draft)).created.body.json }
            if client.json { return printOut(try Table.json(created)) }
            printOut("\(created.key.id) \(created.key.name)\nsecret: \(created.secret)\nKeep it now: Hangar shows it only this once.\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List keys, newest first.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let keys = try await client.call { api in try await api.listKeys().ok.body.json.items }
            if client.json { return printOut(try Table.json(keys)) }
            printOut(
                Table.render(
                    headers: ["ID", "NAME", "PREFIX", "SCOPES", "MODELS", "SPENT", "BUDGET", "LAST USED", "STATE"],
                    rows: keys.map { key in
                        [
                            key.id, key.name, key.prefix, key.scopes.map(\.rawValue).joined(separator: ","),
                            key.models.map { String($0.count) } ?? "all", "\(key.spentUSD) USD",
                            key.budgetUSD.map { "\($0) USD/\(key.budgetPeriod?.rawValue ?? "")" } ?? "", key.lastUsedAt ?? "never",
                            key.revokedAt != nil ? "revoked" : (key.isClosed(at: Timestamp.now()) ? "expired" : "open"),
                        ]
                    }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One key as JSON (never its secret).")
        @Argument(help: "Key id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let key = try await client.call { [id] api in try await api.getKey(path: .init(id: id)).ok.body.json }
            printOut(try Table.json(key))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once, on every replica.")
        @Argument(help: "Key id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let key = try await client.call { [id] api in try await api.revokeKey(path: .init(id: id)).ok.body.json }
            if client.json { return printOut(try Table.json(key)) }
            printOut("\(key.id): revoked at \(key.revokedAt ?? "")\n")
        }
    }
}
