import Foundation
import Synchronization

/// The pages of ollama.com that a client scrapes, on 127.0.0.1: `GET /search?q=…` (result
/// cards with the site's `x-test-*` markers) and `GET /library/{model}/tags` (one row per
/// variant, linked as `/library/{model}:{tag}`, with size, context and age). The tags of an
/// entry without explicit variants come from the catalog, so their digests match the fake
/// registry's and the fake server's. Set `mode` to `.serverError` or `.dropConnection` to make
/// the site fail.
public final class FakeOllamaLibrary: FakeUpstream {
    public let server: FakeHTTPServer
    public let modeSwitch: FakeModeSwitch
    public let catalog: FakeOllamaCatalog
    private let holder: LibraryEntries

    /// Results per search page, as on the site; more set a link to the next page.
    public static let pageSize = 20

    private init(server: FakeHTTPServer, modeSwitch: FakeModeSwitch, catalog: FakeOllamaCatalog, holder: LibraryEntries) {
        self.server = server
        self.modeSwitch = modeSwitch
        self.catalog = catalog
        self.holder = holder
    }

    public static func withServer<T: Sendable>(
        entries: [FakeOllamaLibraryEntry] = FakeOllamaLibraryEntry.standard, catalog: FakeOllamaCatalog = .standard(),
        mode: FakeUpstreamMode = .normal, _ body: (FakeOllamaLibrary) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(mode)
        let holder = LibraryEntries(entries)
        return try await FakeHTTPServer.withServer { request in
            modes.respond(to: request, format: .ollamaWebsite) { request in
                LibraryPages(entries: holder.all, catalog: catalog).answer(request)
            }
        } _: { server in
            try await body(FakeOllamaLibrary(server: server, modeSwitch: modes, catalog: catalog, holder: holder))
        }
    }

    /// The entries in the order the site lists them.
    public var entries: [FakeOllamaLibraryEntry] { holder.all }

    /// Adds an entry, or replaces the one of the same name.
    public func add(_ entry: FakeOllamaLibraryEntry) {
        holder.add(entry)
    }

    public func remove(_ name: String) {
        holder.remove(name)
    }
}

/// The entries, changeable while the site runs.
final class LibraryEntries: Sendable {
    private let entries: Mutex<[FakeOllamaLibraryEntry]>

    init(_ entries: [FakeOllamaLibraryEntry]) {
        self.entries = Mutex(entries)
    }

    var all: [FakeOllamaLibraryEntry] { entries.withLock { $0 } }

    func add(_ entry: FakeOllamaLibraryEntry) {
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.name == entry.name }) {
                entries[index] = entry
            } else {
                entries.append(entry)
            }
        }
    }

    func remove(_ name: String) {
        entries.withLock { $0.removeAll { $0.name == name } }
    }
}
