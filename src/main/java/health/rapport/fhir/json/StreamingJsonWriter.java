package health.rapport.fhir.json;

import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * HAPI's JSON writer, writing values with the generator's typed methods. HAPI's own
 * {@code JacksonWriter} routes every value through {@code ObjectMapper.writeValue}, which builds
 * a serializer provider per value and made encoding the largest cost of a write and of a search
 * response. The output is the same JSON.
 * <p>
 * Given stored JSON by placeholder id ({@link StoredJson}), it writes that JSON in place of each
 * {@code "resource"} object that HAPI writes for a placeholder: the object's start is held until
 * its type and id show whether it is one.
 */
final class StreamingJsonWriter extends BaseJsonLikeWriter {

	private static final JsonFactory FACTORY = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

	private static final String RESOURCE = "resource";
	private static final String PLACEHOLDER_TYPE = "Basic";

	private enum Held { NONE, RESOURCE, PLACEHOLDER_TYPE, STORED }

	private final JsonGenerator json;
	private final Map<String, String> storedByPlaceholder;
	private Held held = Held.NONE;

	private StreamingJsonWriter(Writer writer, Map<String, String> storedByPlaceholder) throws IOException {
		json = FACTORY.createGenerator(writer);
		this.storedByPlaceholder = storedByPlaceholder;
		setWriter(writer);
	}

	static BaseJsonLikeWriter create(Writer writer, Map<String, String> storedByPlaceholder) {
		try {
			return new StreamingJsonWriter(writer, storedByPlaceholder);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Writes what is held back, as it would have been written: it was no placeholder. */
	private void release() throws IOException {
		if (held == Held.RESOURCE || held == Held.PLACEHOLDER_TYPE) {
			json.writeObjectFieldStart(RESOURCE);
			if (held == Held.PLACEHOLDER_TYPE) {
				json.writeStringField("resourceType", PLACEHOLDER_TYPE);
			}
			held = Held.NONE;
		} else if (held == Held.STORED) {
			throw new IllegalStateException("A placeholder resource has more than a type and an id");
		}
	}

	@Override
	public BaseJsonLikeWriter init() {
		if (isPrettyPrint()) {
			DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withSeparators(new Separators(
					Separators.DEFAULT_ROOT_VALUE_SEPARATOR, ':', Separators.Spacing.AFTER, ',', Separators.Spacing.NONE,
					',', Separators.Spacing.NONE));
			json.setPrettyPrinter(pretty.withObjectIndenter(new DefaultIndenter("  ", "\n")));
		}
		return this;
	}

	@Override
	public BaseJsonLikeWriter flush() {
		return this;
	}

	@Override
	public void close() throws IOException {
		json.close();
	}

	@Override
	public BaseJsonLikeWriter beginObject() throws IOException {
		release();
		json.writeStartObject();
		return this;
	}

	@Override
	public BaseJsonLikeWriter beginObject(String name) throws IOException {
		release();
		if (RESOURCE.equals(name) && !storedByPlaceholder.isEmpty()) {
			held = Held.RESOURCE;
		} else {
			json.writeObjectFieldStart(name);
		}
		return this;
	}

	@Override
	public BaseJsonLikeWriter beginArray(String name) throws IOException {
		release();
		json.writeArrayFieldStart(name);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(String value) throws IOException {
		release();
		json.writeString(value);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(BigInteger value) throws IOException {
		json.writeNumber(value);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(BigDecimal value) throws IOException {
		json.writeNumber(value);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(long value) throws IOException {
		json.writeNumber(value);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(double value) throws IOException {
		json.writeNumber(value);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(Boolean value) throws IOException {
		if (value == null) {
			json.writeNull();
		} else {
			json.writeBoolean(value);
		}
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(boolean value) throws IOException {
		json.writeBoolean(value);
		return this;
	}

	@Override
	public BaseJsonLikeWriter writeNull() throws IOException {
		release();
		json.writeNull();
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(String name, String value) throws IOException {
		if (held == Held.RESOURCE && name.equals("resourceType") && PLACEHOLDER_TYPE.equals(value)) {
			held = Held.PLACEHOLDER_TYPE;
			return this;
		}
		String stored = held == Held.PLACEHOLDER_TYPE && name.equals("id") ? storedByPlaceholder.get(value) : null;
		if (stored != null) {
			json.writeFieldName(RESOURCE);
			json.writeRawValue(stored);
			held = Held.STORED;
			return this;
		}
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, BigInteger value) throws IOException {
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, BigDecimal value) throws IOException {
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, long value) throws IOException {
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, double value) throws IOException {
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, Boolean value) throws IOException {
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, boolean value) throws IOException {
		release();
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter endObject() throws IOException {
		if (held == Held.STORED) {
			held = Held.NONE; // the stored JSON closed its own object
			return this;
		}
		release();
		json.writeEndObject();
		return this;
	}

	@Override
	public BaseJsonLikeWriter endArray() throws IOException {
		release();
		json.writeEndArray();
		return this;
	}

	@Override
	public BaseJsonLikeWriter endBlock() throws IOException {
		return endObject();
	}
}
