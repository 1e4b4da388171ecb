import AsyncHTTPClient
import Foundation
import HangarTesting
import NIOHTTP1
import Testing

@testable import LocalModels

/// The fake must answer like huggingface.co for the other tests to mean anything.
@Suite(.timeLimit(.minutes(1))) struct FakeHubTests {
    let client = HubDownloader.defaultClient

    func get(_ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = []) async throws
        -> (status: UInt, headers: [String: String], body: [UInt8])
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(5))
        var body: [UInt8] = []
        for try await chunk in response.body { body += chunk.readableBytesView }
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.lowercased()] = field.value }
        return (response.status.code, fields, body)
    }

    @Test func lfsFileIsARedirectWithTheLinkedHeadersEvenForHEAD() async throws {
        try await FakeHub.withHub { hub in
            let info = hub.addFile(repo: "acme/m", path: "m.gguf", bytes: FakeHub.sampleBytes(count: 1000))
            let url = hub.hubURL + "/acme/m/resolve/main/m.gguf"

            for method in [HTTPMethod.GET, .HEAD] {
                let answer = try await get(url, method: method)
                #expect(answer.status == 302)
                #expect(answer.headers["x-linked-etag"] == "\"\(info.sha256)\"")
                #expect(answer.headers["x-linked-size"] == "1000")
                #expect(answer.headers["x-repo-commit"] == info.commit)
                #expect(answer.headers["location"]?.hasPrefix(hub.cdnURL + "/cdn-lfs/") == true)
            }
        }
    }

    @Test func cdnServesRangesAndRefusesOnesPastTheEnd() async throws {
        try await FakeHub.withHub { hub in
            let bytes = FakeHub.sampleBytes(count: 1000)
            hub.addFile(repo: "acme/m", path: "m.gguf", bytes: bytes)
            let location = try #require(try await get(hub.hubURL + "/acme/m/resolve/main/m.gguf").headers["location"])

            let full = try await get(location)
            let tail = try await get(location, headers: [("Range", "bytes=900-")])
            let past = try await get(location, headers: [("Range", "bytes=1000-")])

            #expect(full.status == 200 && full.body == bytes && full.headers["content-length"] == "1000")
            #expect(tail.status == 206 && tail.body == Array(bytes[900...]))
            #expect(tail.headers["content-range"] == "bytes 900-999/1000")
            #expect(past.status == 416 && past.headers["content-range"] == "bytes */1000")
        }
    }

    @Test func gitFileIsServedDirectlyWithItsBlobId() async throws {
        try await FakeHub.withHub { hub in
            let info = hub.addFile(repo: "acme/m", path: "README.gguf", bytes: Array("hello\n".utf8), storage: .git)
            let answer = try await get(hub.hubURL + "/acme/m/resolve/main/README.gguf")
            #expect(answer.status == 200)
            // `git hash-object` of "hello\n".
            #expect(info.gitSHA1 == "ce013625030ba8dba906f756967f9e9ca394464a")
            #expect(answer.headers["etag"] == "\"\(info.gitSHA1)\"")
            #expect(answer.headers["x-linked-etag"] == nil)
        }
    }

    @Test func errorsCarryTheHubsCodesAndJSON() async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/m", path: "m.gguf", bytes: [1])
            let entry = try await get(hub.hubURL + "/acme/m/resolve/main/other.gguf")
            let revision = try await get(hub.hubURL + "/acme/m/resolve/v2/m.gguf")
            let repo = try await get(hub.hubURL + "/acme/none/resolve/main/m.gguf")

            #expect(entry.status == 404 && entry.headers["x-error-code"] == "EntryNotFound")
            #expect(String(decoding: entry.body, as: UTF8.self) == #"{"error":"Entry not found"}"#)
            #expect(revision.status == 404 && revision.headers["x-error-code"] == "RevisionNotFound")
            #expect(repo.status == 401 && repo.headers["x-error-code"] == "RepoNotFound")
        }
    }

    @Test func waitingForServedBytesNeedsNoSleep() async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/m", path: "m.gguf", bytes: FakeHub.sampleBytes(count: 100_000))
            hub.updateFaults(repo: "acme/m", path: "m.gguf") { $0.bytesPerSecond = 200_000 }
            let location = try #require(try await get(hub.hubURL + "/acme/m/resolve/main/m.gguf").headers["location"])
            async let body = get(location)

            await hub.waitForBytesServed(atLeast: 30_000)
            #expect(hub.bytesServed < 100_000)
            #expect(try await body.body.count == 100_000)
            #expect(await hub.waitForRequests(count: 2).map(\.origin) == [.hub, .cdn])
        }
    }
}
