import HangarTesting
import Testing
import Upstream

@Suite struct UpstreamRedirectTests {
    @Test func credentialsDoNotFollowARedirectToAnotherHost() async throws {
        try await FakeHTTPServer.withServer(handler: echo) { target in
            let location = target.localhostURL + "/landing"
            try await FakeHTTPServer.withServer(handler: { _ in .redirect(to: location) }) { origin in
                let request = UpstreamRequest(
                    url: origin.baseURL + "/start",
                    headers: ["Authorization": secret, "api-key": "k-SECRET", "X-Api-Key": "x-SECRET", "Accept": "application/json"])
                let response = try await UpstreamClient.shared.send(request, timeout: .seconds(30))

                #expect(response.status == 200)
                #expect(response.finalURL == location)
                let landed = try #require(target.requests.first)
                #expect(landed.header("authorization") == nil)
                #expect(landed.header("api-key") == nil)
                #expect(landed.header("x-api-key") == nil)
                #expect(landed.header("accept") == "application/json")
                #expect(origin.requests.first?.header("authorization") == secret)
            }
        }
    }

    @Test func credentialsFollowARedirectOnTheSameOrigin() async throws {
        try await FakeHTTPServer.withServer(handler: { request in
            request.path == "/start" ? .redirect(307, to: "/landing") : echo(request)
        }) { server in
            let request = UpstreamRequest(url: server.baseURL + "/start", headers: ["Authorization": secret])
            let response = try await UpstreamClient.shared.send(request, timeout: .seconds(30))

            #expect(response.status == 200)
            #expect(server.requests.map(\.path) == ["/start", "/landing"])
            #expect(server.requests.last?.header("authorization") == secret)
        }
    }

    @Test func fiveRedirectsAreFollowedAndTheSixthIsRefused() async throws {
        try await FakeHTTPServer.withServer(handler: { request in
            let hop = Int(request.path.dropFirst("/hop/".count)) ?? 0
            return hop < Int(request.queryItem("hops") ?? "0")! ? .redirect(to: "/hop/\(hop + 1)?\(request.query!)") : echo(request)
        }) { server in
            let five = try await UpstreamClient.shared.send(UpstreamRequest(url: server.baseURL + "/hop/0?hops=5"), timeout: .seconds(30))
            #expect(five.status == 200)
            #expect(five.finalURL == server.baseURL + "/hop/5")

            let six = await sendError(UpstreamClient.shared, UpstreamRequest(url: server.baseURL + "/hop/0?hops=6"))
            #expect(six == .tooManyRedirects)
            #expect(server.requests.count == 6 + 6)
        }
    }

    @Test func seeOtherAfterAPostFetchesTheResultWithAGet() async throws {
        try await FakeHTTPServer.withServer(handler: { request in
            request.method == "POST" ? .redirect(303, to: "/result") : echo(request)
        }) { server in
            let request = UpstreamRequest(
                method: .post, url: server.baseURL + "/submit", headers: ["Content-Type": "application/json"],
                body: Array(#"{"a":1}"#.utf8))
            let response = try await UpstreamClient.shared.send(request, timeout: .seconds(30))

            #expect(response.status == 200)
            let last = try #require(server.requests.last)
            #expect(last.method == "GET")
            #expect(last.body.isEmpty)
            #expect(last.header("content-type") == nil)
        }
    }

    @Test func httpsToHTTPIsRefusedBeforeTheHTTPServerIsContacted() async throws {
        try await FakeHTTPServer.withServer(handler: echo) { plain in
            let location = plain.localhostURL + "/landing"
            try await FakeHTTPServer.withServer(tls: true, handler: { _ in .redirect(301, to: location) }) { secure in
                try await withClient(.init(tls: try FakeTLSIdentity.clientConfiguration())) { client in
                    let request = UpstreamRequest(url: secure.baseURL + "/start", headers: ["Authorization": secret])
                    let error = await sendError(client, request)

                    #expect(error == .insecureRedirect(from: secure.baseURL + "/start", to: location))
                    #expect(secure.requests.count == 1)
                    #expect(plain.requests.isEmpty)
                }
            }
        }
    }

    @Test func httpsFakeAnswersWhenItsCertificateIsTrusted() async throws {
        try await FakeHTTPServer.withServer(tls: true, handler: echo) { secure in
            try await withClient(.init(tls: try FakeTLSIdentity.clientConfiguration())) { client in
                let response = try await client.send(UpstreamRequest(url: secure.localhostURL + "/ok"), timeout: .seconds(30))
                #expect(response.status == 200)
                #expect(String(decoding: response.body, as: UTF8.self) == #"{"path":"/ok"}"#)
            }
        }
    }
}
