import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar import FILE`: applies (or previews) a file `hangar export` wrote.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply an exported configuration, or preview it with --dry-run.",
        discussion: """
            Connections and models are matched by id: missing ones are created, differing ones updated, \
            nothing is deleted. Stored settings become the file's (a key the file lacks returns to its \
            default). The whole file is checked first and applied in one transaction: one invalid entry \
            rejects it all. Secrets are not in the file: set a new connection's API key afterwards.
            """)
    @Argument(help: .init("The exported JSON file, or - to read stdin.", valueName: "file")) var file: String
    @Flag(help: "Only report what would change; write nothing.") var dryRun = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let configuration = try Self.read(file)
        let report = try await client.call { [dryRun] api in
            try await api.importConfiguration(query: .init(dryRun: dryRun ? true : nil), body: .json(configuration)).ok.body.json
        }
        if client.json { return printOut(try Table.json(report)) }
        printOut(Self.describe(report))
    }

    /// Reads and decodes the file before any request, so a truncated or hand-broken file is
    /// explained in terms of the file rather than as a server error.
    static func read(_ file: String) throws -> ConfigurationExport {
        let (data, name) = try InputError.read(file)
        guard !data.isEmpty else { throw CLIFailure(InputError("\(name) is empty; expected the JSON `hangar export` writes.")) }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw CLIFailure(InputError("\(name) is not valid JSON, so nothing was sent. Is it a file `hangar export` wrote?"))
        }
        do {
            return try JSONDecoder().decode(ConfigurationExport.self, from: data)
        } catch let error as DecodingError {
            throw CLIFailure(InputError("\(name) is not a Hangar configuration, so nothing was sent: \(explain(error))"))
        }
    }

    /// A decoding failure named by its place in the file, e.g. `models[2].context_window`.
    static func explain(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(place(context.codingPath + [key])) is missing."
        case .valueNotFound(_, let context): return "\(place(context.codingPath)) must not be null."
        case .typeMismatch(_, let context) where context.codingPath.isEmpty: return "the file must hold a JSON object."
        case .typeMismatch(_, let context): return "\(place(context.codingPath)) has the wrong type (\(context.debugDescription))."
        case .dataCorrupted(let context): return "\(place(context.codingPath)) \(context.debugDescription)."
        @unknown default: return String(describing: error)
        }
    }

    /// The counts in one sentence, then a line per entry that changes or is skipped, then warnings.
    static func describe(_ report: ImportReport) -> String {
        var text =
            report.dryRun
            ? "Dry run: would create \(report.created), update \(report.updated), leave \(report.unchanged) unchanged\n"
            : "Imported: created \(report.created), updated \(report.updated), left \(report.unchanged) unchanged\n"
        if !report.items.isEmpty {
            // The NOTE column only when some entry has one, so lines do not end in padding.
            let notes = report.items.contains { $0.note != nil }
            text += Table.render(
                headers: ["ACTION", "ENTITY", "NAME", "FIELDS"] + (notes ? ["NOTE"] : []),
                rows: report.items.map { item in
                    [
                        item.action.rawValue, item.entity.rawValue, item.name == item.id ? item.id : "\(item.name) (\(item.id))",
                        item.fields.joined(separator: ", "),
                    ] + (notes ? [item.note ?? ""] : [])
                })
        }
        text += report.warnings.map { "Warning: \($0)\n" }.joined()
        if report.dryRun && report.created + report.updated > 0 { text += "Nothing was written; run without --dry-run to apply.\n" }
        return text
    }
}
