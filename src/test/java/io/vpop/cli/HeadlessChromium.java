package io.vpop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The system's Chromium, headless, driven through the Chrome DevTools Protocol over the JDK's own
 * WebSocket client: opens a page, evaluates script in it, collects console errors and takes
 * screenshots. Started with the flags that keep it off the network (this machine has none).
 */
final class HeadlessChromium implements AutoCloseable {
  /** Where Debian's package installs it. */
  static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final ObjectMapper json = new ObjectMapper();
  private final Path profile;
  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final List<String> errors = new ArrayList<>();

  HeadlessChromium() throws Exception {
    // A profile of its own, outside any test's folder: a late helper process may still write to it.
    this.profile = Files.createTempDirectory("vpop-chromium-");
    process =
        new ProcessBuilder(
                EXECUTABLE.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String browserUrl = listeningUrl();
    URI browser = URI.create(browserUrl);
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        json.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://" + browser.getHost() + ":" + browser.getPort() + "/json"))
                        .timeout(TIMEOUT)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageUrl = null;
    for (JsonNode target : targets) {
      if (target.path("type").asText().equals("page")) {
        pageUrl = target.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageUrl == null) {
      throw new IOException("Chromium opened no page: " + targets);
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageUrl), new Listener())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    send("Runtime.enable", Map.of());
    send("Log.enable", Map.of());
    send("Page.enable", Map.of());
  }

  /** Reads Chromium's standard error until it names its DevTools address. */
  private String listeningUrl() throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = err.readLine()) != null) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> err.lines().forEach(ignored -> {}), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return matcher.group(1);
      }
      seen.append(line).append('\n');
    }
    throw new IOException("Chromium ended without a DevTools address:\n" + seen);
  }

  /** Opens {@code file} and waits until it has loaded. */
  void open(Path file) throws Exception {
    events.clear();
    send("Page.navigate", Map.of("url", file.toUri().toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode event = events.poll(1, TimeUnit.SECONDS);
      if (event != null && event.path("method").asText().equals("Page.loadEventFired")) {
        return;
      }
    }
    throw new IOException("the page did not load within " + TIMEOUT);
  }

  /** The value of a script expression that returns JSON-compatible data. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result =
        send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new IOException("script failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Sets the viewport to {@code width} x {@code height} CSS pixels at one device pixel each. */
  void viewport(int width, int height) throws Exception {
    send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** A screenshot of the viewport, as PNG bytes. */
  byte[] screenshot() throws Exception {
    JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  /** Console errors, uncaught exceptions and failed loads the page reported so far. */
  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  private JsonNode send(String method, Map<String, Object> parameters) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = json.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", json.valueToTree(parameters));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket
        .sendText(json.writeValueAsString(message), true)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IOException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  @Override
  public void close() {
    socket.abort();
    // Chromium's helper processes (renderer, zygote, utility) outlive a killed parent for a while
    // and keep writing into the profile: end and await every one before the profile is deleted.
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(process.toHandle());
    family.forEach(ProcessHandle::destroy);
    for (ProcessHandle member : family) {
      try {
        member.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        member.destroyForcibly();
      }
    }
    // Best effort: what a straggling helper process still holds stays for the system's cleanup.
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Left in the system's temporary folder.
    }
  }

  /** Puts replies with their requests, and keeps events and the errors among them. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          receive(json.readTree(partial.toString()));
        } catch (IOException e) {
          synchronized (errors) {
            errors.add("unreadable DevTools message: " + e.getMessage());
          }
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    private void receive(JsonNode message) {
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
        if (answer != null) {
          answer.complete(message);
        }
        return;
      }
      String method = message.path("method").asText();
      JsonNode params = message.path("params");
      String error =
          switch (method) {
            case "Runtime.exceptionThrown" -> "exception: " + params.path("exceptionDetails");
            case "Runtime.consoleAPICalled" ->
                params.path("type").asText().equals("error") ? "console: " + params : null;
            case "Log.entryAdded" ->
                params.path("entry").path("level").asText().equals("error")
                    ? "log: " + params.path("entry")
                    : null;
            default -> null;
          };
      if (error != null) {
        synchronized (errors) {
          errors.add(error);
        }
      }
      events.add(message);
    }
  }
}
