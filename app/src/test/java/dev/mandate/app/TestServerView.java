package dev.mandate.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GET requests against any running Mandate. */
record TestServerView(Mandate mandate) {
  TestServer.Response call(String path, String key) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + mandate.port() + path)).header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
    return new TestServer.Response(r.statusCode(), r.body(), r.headers().map());
  }

  TestServer.Response post(String path, String key, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + mandate.port() + path)).header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new TestServer.Response(r.statusCode(), r.body(), r.headers().map());
  }
}
