import Foundation
import HangarTesting
import Storage
import Testing

/// `PUT/GET /api/ollama/desired`: a model's pin set replaced as a whole, stored under the name
/// Ollama lists (so `llama3.2` and `Llama3.2:latest` are one pin), refused whole when any part
/// is wrong, and gone with its connection.
@Suite(.timeLimit(.minutes(2))) struct OllamaDesiredAPITests {
    static func items(_ fixture: LiveFleet.Fixture) async throws -> [String: [String]] {
        let list = try await fixture.http.send(.GET, "/api/ollama/desired")
        try #require(list.status == 200, "\(list)")
        let items = try #require(try list.json()["items"] as? [[String: Any]], "\(list)")
        return Dictionary(uniqueKeysWithValues: items.map { ($0["model"] as? String ?? "", $0["provider_ids"] as? [String] ?? []) })
    }

    @Test(arguments: TestDatabases.engines)
    func pinsAreReplacedListedAndRemoved(_ engine: DatabaseEngine) async throws {
        try await LiveFleet.run(engine, installed: [[], []]) { fixture in
            let (a, b) = (fixture.ids[0], fixture.ids[1])
            let put = try await fixture.http.send(
                .PUT, "/api/ollama/desired", json: #"{"model":"llama3.2","provider_ids":["\#(b)","\#(a)","\#(b)"]}"#)
            #expect(put.status == 200, "\(put)")
            let pinned = try put.json()
            #expect(pinned["model"] as? String == "llama3.2:latest")
            #expect(pinned["provider_ids"] as? [String] == [a, b].sorted())
            #expect((pinned["updated_at"] as? String)?.isEmpty == false)

            // The same model by another spelling replaces the set.
            try await fixture.pin("Llama3.2:latest", [b])
            try await fixture.pin("qwen2.5:0.5b", [a])
            #expect(try await Self.items(fixture) == ["llama3.2:latest": [b], "qwen2.5:0.5b": [a]])

            let cleared = try await fixture.http.send(.PUT, "/api/ollama/desired", json: #"{"model":"llama3.2","provider_ids":[]}"#)
            let emptied = try cleared.json()
            #expect(cleared.status == 200 && emptied["updated_at"] is NSNull, "\(cleared)")
            #expect(try await Self.items(fixture) == ["qwen2.5:0.5b": [a]])

            // A connection's pins go with it.
            let gone = try await fixture.http.send(.DELETE, "/api/providers/\(a)")
            #expect(gone.status == 204, "\(gone)")
            #expect(try await Self.items(fixture).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badPinsChangeNothing(_ engine: DatabaseEngine) async throws {
        try await LiveFleet.run(engine, installed: [[]]) { fixture in
            let a = fixture.ids[0]
            try await fixture.pin("qwen2.5:0.5b", [a])
            let tooMany = LiveFleet.Fixture.list((0...50).map { "p\($0)" })
            let cases: [(body: String, status: Int, code: String)] = [
                (#"{"model":"qwen2.5:0.5b","provider_ids":["\#(a)","nope"]}"#, 404, "provider_not_found"),
                (#"{"model":"qwen2.5:0.5b","provider_ids":["mistral"]}"#, 409, "provider_not_ollama"),
                (#"{"model":"qwen2.5:0.5b","provider_ids":\#(tooMany)}"#, 422, "validation_failed"),
                (#"{"model":"no/such/deep/name","provider_ids":[]}"#, 422, "invalid_model_name"),
                (#"{"model":"qwen2.5:0.5b","provider_ids":"\#(a)"}"#, 400, "bad_request"),
                (#"{"model":"qwen2.5:0.5b","provider_ids":[],"note":"x"}"#, 400, "bad_request"),
                (#"{"provider_ids":[]}"#, 400, "bad_request"),
            ]
            for (body, status, code) in cases {
                let answer = try await fixture.http.send(.PUT, "/api/ollama/desired", json: body)
                #expect(answer.status == status && answer.errorCode == code, "\(body): \(answer)")
            }
            #expect(try await Self.items(fixture) == ["qwen2.5:0.5b": [a]])
        }
    }
}
