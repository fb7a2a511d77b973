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

/**
 * HAPI's JSON writer, writing values with the generator's typed methods. HAPI's own
 * {@code JacksonWriter} routes every value through {@code ObjectMapper.writeValue}, which builds
 * a serializer provider per value and made encoding the largest cost of a write and of a search
 * response. The output is the same JSON.
 */
final class StreamingJsonWriter extends BaseJsonLikeWriter {

	private static final JsonFactory FACTORY = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

	private final JsonGenerator json;

	private StreamingJsonWriter(Writer writer) throws IOException {
		json = FACTORY.createGenerator(writer);
		setWriter(writer);
	}

	static BaseJsonLikeWriter create(Writer writer) {
		try {
			return new StreamingJsonWriter(writer);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
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
		json.writeStartObject();
		return this;
	}

	@Override
	public BaseJsonLikeWriter beginObject(String name) throws IOException {
		json.writeObjectFieldStart(name);
		return this;
	}

	@Override
	public BaseJsonLikeWriter beginArray(String name) throws IOException {
		json.writeArrayFieldStart(name);
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(String value) throws IOException {
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
		json.writeNull();
		return this;
	}

	@Override
	public BaseJsonLikeWriter write(String name, String value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, BigInteger value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, BigDecimal value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, long value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, double value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, Boolean value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter write(String name, boolean value) throws IOException {
		json.writeFieldName(name);
		return write(value);
	}

	@Override
	public BaseJsonLikeWriter endObject() throws IOException {
		json.writeEndObject();
		return this;
	}

	@Override
	public BaseJsonLikeWriter endArray() throws IOException {
		json.writeEndArray();
		return this;
	}

	@Override
	public BaseJsonLikeWriter endBlock() throws IOException {
		json.writeEndObject();
		return this;
	}
}
