import App
import Foundation
import HangarTesting
import Storage
import Testing

/// HANGAR_CA_BUNDLE end to end: fakes on TLS with a certificate from a private authority,
/// reached through the app the way an admin's server reaches a corporate proxy or an
/// internal Ollama.
@Suite(.timeLimit(.minutes(2))) struct CABundleAPITests {
    static let key = "sk-ca-bundle-test-41Zq"
    static let hfToken = "hf_caBundleToken7Yw"

    /// A configuration on a fresh location of `engine`; `trusted` gives it the fakes' authority.
    static func configuration(_ engine: DatabaseEngine, trusted: Bool) async throws -> HangarConfiguration {
        let location = try await TestDatabases.makeLocation(engine)
        var configuration = TestServer.configuration(location)
        if trusted { configuration.caBundle = try FakeTLSIdentity.writeBundle(in: location.dataDirectory) }
        return configuration
    }

    static func testForm(_ api: API, kind: String, baseURL: String) async throws -> Reply {
        try await api.post("/api/providers/test", ["kind": kind, "base_url": baseURL, "api_key": key])
    }

    @Test(arguments: TestDatabases.engines)
    func aPrivateAuthorityIsTrustedThroughTheBundleOnly(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(apiKey: Self.key, tls: true) { upstream in
            let untrusted = try await TestServer.withApp(try await Self.configuration(engine, trusted: false)) { api in
                try await Self.testForm(api, kind: "openai-compatible", baseURL: upstream.baseURL)
            }
            #expect(untrusted.object["success"] as? Bool == false)
            #expect(untrusted.object["error_code"] as? String == "tls", "\(untrusted)")
            let advice = untrusted.object["error_message"] as? String ?? ""
            #expect(advice.contains("not trusted") && advice.contains("HANGAR_CA_BUNDLE"), "\(untrusted)")

            let trusted = try await TestServer.withApp(try await Self.configuration(engine, trusted: true)) { api in
                try await Self.testForm(api, kind: "openai-compatible", baseURL: upstream.baseURL)
            }
            #expect(trusted.object["success"] as? Bool == true, "\(trusted)")
            #expect(trusted.object["models_found"] as? Int == 2, "\(trusted)")
        }
    }

    /// Every kind of upstream call, each redirected by its TLS fake to a plain http server that
    /// must hear nothing: no request at all, so no `Authorization`, `api-key` or token either.
    @Test func anHTTPSToHTTPRedirectIsRefusedBeforeAnyCredentialCrossesIt() async throws {
        try await FakeHTTPServer.withServer(handler: { _ in .json(200, "{}") }) { plain in
            let location = plain.localhostURL + "/collect"
            try await FakeOpenAI.withServer(apiKey: Self.key, mode: .redirect(location: location), tls: true) { openAI in
                try await FakeAzureOpenAI.withServer(apiKey: Self.key, mode: .redirect(location: location), tls: true) { azure in
                    try await FakeOllama.withServer(mode: .redirect(location: location), tls: true) { ollama in
                        let configuration = try await Self.configuration(.sqlite, trusted: true)
                        try await TestServer.withApp(configuration) { api in
                            for (kind, baseURL) in [
                                ("openai-compatible", openAI.baseURL), ("azure-openai", azure.baseURL), ("ollama", ollama.baseURL),
                            ] {
                                let result = try await Self.testForm(api, kind: kind, baseURL: baseURL)
                                #expect(result.object["error_code"] as? String == "tls", "\(kind): \(result)")
                                #expect(
                                    (result.object["error_message"] as? String)?.contains("https to http") == true, "\(kind): \(result)")
                            }
                            let proxy = try await api.post(
                                "/api/providers",
                                ["kind": "openai-compatible", "name": "Proxy", "base_url": openAI.baseURL, "api_key": Self.key])
                            let model = try await api.createModel("Proxied", apiName: "gpt-4o", provider: proxy.id)
                            let prompt = try await api.post("/api/models/\(model.id)/test", ["prompt": "Say hi", "max_tokens": 4])
                            #expect(prompt.errorCode == "upstream_tls", "\(prompt)")
                            let internalOllama = try await api.post(
                                "/api/providers", ["kind": "ollama", "name": "Internal", "base_url": ollama.baseURL, "api_key": Self.key])
                            let listed = try await api.get("/api/providers/\(internalOllama.id)/ollama/models?refresh=true")
                            #expect(listed.status == .badGateway, "\(listed)")
                            #expect(!listed.text.contains(Self.key))
                        }
                        #expect(plain.requests.isEmpty, "\(plain.requests.map(\.path))")
                        // The credentials did go out, to the https servers they were meant for.
                        #expect(openAI.requests.contains { $0.header("Authorization") == "Bearer \(Self.key)" })
                        #expect(azure.requests.contains { $0.header("api-key") == Self.key })
                        #expect(ollama.requests.contains { $0.header("Authorization") == "Bearer \(Self.key)" })
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aHubDownloadOverTLSSendsTheTokenToTheHubOnly(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine, hubTLS: .hubAndCDN, trustingFakes: true) { fixture in
            fixture.hub.addRepo(LiveDownloads.repo, access: .privateRepo(token: Self.hfToken))
            let info = fixture.hub.addFile(
                repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: GGUFBuilder.model().build(tensorData: 256 << 10))
            let id = try await fixture.createLocal(downloadNow: true, extra: #","hf_token":"\#(Self.hfToken)""#)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "succeeded", "\(job)")
            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["checksum"] as? String == info.sha256)

            let requests = fixture.hub.requests
            #expect(fixture.hub.hubURL.hasPrefix("https://") && fixture.hub.cdnURL.hasPrefix("https://"))
            #expect(requests.contains { $0.origin == .cdn })
            #expect(requests.filter { $0.origin == .hub }.allSatisfy { $0.header("Authorization") == "Bearer \(Self.hfToken)" })
            #expect(requests.filter { $0.origin == .cdn }.allSatisfy { $0.header("Authorization") == nil })
        }
    }

    /// A certificate does not change between tries: the download says why at once, and what to do.
    @Test func aHubWithAPrivateAuthorityFailsAtOnceWithoutTheBundle() async throws {
        try await LiveDownloads.run(.sqlite, hubTLS: .hubAndCDN, trustingFakes: false) { fixture in
            fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: GGUFBuilder.model().build())
            let id = try await fixture.createLocal(downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "failed", "\(job)")
            let message = job["error_message"] as? String ?? ""
            #expect(message.contains("certificate is not trusted") && message.contains("HANGAR_CA_BUNDLE"), "\(message)")
            #expect(!message.contains("gave up") && !message.contains("OPENSSL"), "\(message)")
        }
    }

    @Test func aHubRedirectToPlainHTTPIsRefusedBeforeTheCDNHearsAnything() async throws {
        try await LiveDownloads.run(.sqlite, hubTLS: .hubOnly, trustingFakes: true) { fixture in
            fixture.hub.addRepo(LiveDownloads.repo, access: .privateRepo(token: Self.hfToken))
            fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: GGUFBuilder.model().build())
            let id = try await fixture.createLocal(downloadNow: true, extra: #","hf_token":"\#(Self.hfToken)""#)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "failed", "\(job)")
            #expect((job["error_message"] as? String)?.contains("https to plain http") == true, "\(job)")
            #expect(fixture.hub.requests.allSatisfy { $0.origin == .hub }, "\(fixture.hub.requests.map(\.uri))")
        }
    }

    @Test func aBundleThatCannotBeUsedStopsTheStartNamingTheVariable() async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        let notPEM = location.dataDirectory + "/not-a-bundle.pem"
        try Data("these are not certificates\n".utf8).write(to: URL(fileURLWithPath: notPEM))
        for path in [location.dataDirectory + "/missing.pem", notPEM, location.dataDirectory] {
            var configuration = TestServer.configuration(location)
            configuration.caBundle = path
            await #expect {
                try await TestServer.withApp(configuration) { _ in }
            } throws: { error in
                let text = String(describing: error)
                return text.contains("HANGAR_CA_BUNDLE") && text.contains(path)
            }
        }
    }
}
