package health.rapport.registry;

import health.rapport.registry.client.ImportsApi;
import health.rapport.registry.client.PublicCheckApi;
import health.rapport.registry.client.RegimesApi;
import health.rapport.registry.client.RegistrationsApi;
import health.rapport.registry.client.invoker.ApiClient;
import health.rapport.registry.client.invoker.ApiException;
import health.rapport.registry.client.model.ImportJob;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The client generated from api-spec/regulator-api.yaml, pointed at the running application.
 * The generator's native client cannot send a file as a raw body (it writes the File as JSON), so
 * uploads replace the body with the file's bytes and set its media type, on the same request.
 */
public final class RegulatorClient {

	private record Upload(Path file, String contentType) {}

	public final RegistrationsApi registrations;
	public final ImportsApi imports;
	public final PublicCheckApi publicCheck;
	public final RegimesApi regimes;
	private final ThreadLocal<Upload> upload = new ThreadLocal<>();

	/** Calls as whoever {@code token} names at the time of each call (null: anonymous). */
	public RegulatorClient(int port, Supplier<String> token) {
		ApiClient api = new ApiClient().setScheme("http").setHost("localhost").setPort(port);
		api.setRequestInterceptor(request -> {
			if (token.get() != null) {
				request.setHeader("Authorization", "Bearer " + token.get());
			}
			Upload u = upload.get();
			if (u != null) {
				try {
					request.method("POST", HttpRequest.BodyPublishers.ofFile(u.file())).setHeader("Content-Type", u.contentType());
				} catch (FileNotFoundException e) {
					throw new IllegalArgumentException(e);
				}
			}
		});
		registrations = new RegistrationsApi(api);
		imports = new ImportsApi(api);
		publicCheck = new PublicCheckApi(api);
		regimes = new RegimesApi(api);
	}

	/** Imports a register file: text/csv or application/x-ndjson. */
	public ImportJob importFile(String jurisdiction, Path file, String contentType, boolean atomic) throws ApiException {
		upload.set(new Upload(file, contentType));
		try {
			return imports.startImport(jurisdiction, file.toFile(), atomic);
		} finally {
			upload.remove();
		}
	}
}
