package ca.uhn.fhir.parser;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import ca.uhn.fhir.parser.json.JsonLikeStructure;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import health.rapport.fhir.json.JsonPrimitiveTypes;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.util.Collection;
import java.util.Set;
import org.apache.commons.io.IOUtils;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's JSON parser with Rapport's way of writing JSON ({@link Encoding}). It lives in HAPI's
 * package only because the method it overrides takes HAPI's package-private
 * {@code EncodeContext}; it changes nothing else, and tells the encoding whether the output is
 * plain (no pretty printing and no setting that leaves elements out or changes ids) and the
 * server base that references are made relative to.
 */
public final class RapportJsonParser extends JsonParser {

	/** Writes {@code resource} to {@code writer}, giving {@code body} the JSON writer to fill. */
	public interface Encoding {
		void encode(IBaseResource resource, Writer writer, boolean plain, String serverBase, Body body) throws IOException;
	}

	/** HAPI's encoding of the resource into a JSON writer. */
	public interface Body {
		void writeTo(BaseJsonLikeWriter json) throws IOException;
	}

	/**
	 * Reads what HAPI's own reader accepts (single quotes, a leading plus, strings of any length),
	 * so that nothing HAPI parses escapes the checks; and refuses a property given twice in one
	 * object, which HAPI would read as the last one given.
	 */
	private static final JsonFactory VALUES = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
			.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();
	/** The most digits a decimal may have written out in full, as HAPI writes it (and reads it back). */
	private static final int MAX_DIGITS = 990;

	private final Encoding encoding;
	private boolean checkInput = true;
	private boolean pretty;
	private boolean someElements;
	private boolean elementsLeftOut;

	public RapportJsonParser(FhirContext context, IParserErrorHandler errorHandler, Encoding encoding) {
		super(context, errorHandler);
		this.encoding = encoding;
	}

	/** Parses JSON this server stored, whose values it checked when it accepted them. */
	public IBaseResource parseStored(String json) {
		checkInput = false;
		try {
			return parseResource(json);
		} finally {
			checkInput = true;
		}
	}

	@Override
	public <T extends IBaseResource> T doParseResource(Class<T> type, Reader reader) {
		if (!checkInput) {
			return super.doParseResource(type, reader);
		}
		String json;
		try {
			json = IOUtils.toString(reader);
		} catch (IOException e) {
			throw new DataFormatException("The body could not be read: " + e.getMessage(), e);
		}
		checkValues(json);
		return super.doParseResource(type, new StringReader(json));
	}

	/** HAPI parses the JSON into this structure first: a primitive of the wrong JSON type is refused there. */
	@Override
	public <T extends IBaseResource> T doParseResource(Class<T> type, JsonLikeStructure json) {
		if (checkInput) {
			JsonPrimitiveTypes.check(getContext(), json.getRootObject(), getErrorHandler());
		}
		return super.doParseResource(type, json);
	}

	/**
	 * Refuses control characters other than tab, carriage return and line feed: FHIR says strings
	 * should not have them, and XML cannot carry them (a resource with one could not be read as XML).
	 */
	private static void checkCharacters(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
				throw new DataFormatException(String.format("A string holds the control character U+%04X, which FHIR strings"
						+ " should not hold and XML cannot", (int) c));
			}
		}
	}

	/** Refuses, before HAPI parses them, the strings and numbers it would mishandle. */
	private static void checkValues(String json) {
		try (com.fasterxml.jackson.core.JsonParser tokens = VALUES.createParser(json)) {
			for (JsonToken token = tokens.nextToken(); token != null; token = tokens.nextToken()) {
				if (token == JsonToken.VALUE_STRING) {
					checkCharacters(tokens.getText());
				} else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
					checkNumber(tokens.getText());
				}
			}
		} catch (JsonParseException e) {
			if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
				throw new DataFormatException("A JSON object names a property twice: " + e.getOriginalMessage(), e);
			}
			// Read as HAPI reads: what fails here would fail there; refused, so no check is skipped.
			throw new DataFormatException("The body is not valid JSON: " + e.getOriginalMessage(), e);
		} catch (IOException e) {
			throw new DataFormatException("The body is not valid JSON: " + e.getMessage(), e);
		}
	}

	/**
	 * Refuses a number with a huge exponent (1e-999999999): HAPI writes decimals out in full, so
	 * a dozen characters would otherwise become a billion digits, in memory and in the store.
	 */
	private static void checkNumber(String number) {
		int e = Math.max(number.indexOf('e'), number.indexOf('E'));
		String exponent = e < 0 ? "0" : number.substring(e + 1).replace("+", "").replace("-", "");
		long digits = number.substring(0, e < 0 ? number.length() : e).chars().filter(Character::isDigit).count();
		if (exponent.length() > 4 || digits + Integer.parseInt(exponent) > MAX_DIGITS) {
			throw new DataFormatException("The number " + number + " is out of range: written out in full it would have more than "
					+ MAX_DIGITS + " digits");
		}
	}

	@Override
	protected void doEncodeResourceToWriter(IBaseResource resource, Writer writer, EncodeContext encodeContext)
			throws IOException {
		boolean plain = !pretty && !someElements && !elementsLeftOut && !isSummaryMode() && !isSuppressNarratives()
				&& !isOmitResourceId() && getEncodeForceResourceId() == null;
		encoding.encode(resource, writer, plain, getServerBaseUrl(),
				json -> doEncodeResourceToJsonLikeWriter(resource, json, encodeContext));
	}

	@Override
	public IParser setPrettyPrint(boolean prettyPrint) {
		pretty = prettyPrint;
		return super.setPrettyPrint(prettyPrint);
	}

	@Override
	public IParser setEncodeElements(Set<String> elements) {
		someElements = elements != null && !elements.isEmpty();
		return super.setEncodeElements(elements);
	}

	@Override
	public IParser setDontEncodeElements(Collection<String> elements) {
		elementsLeftOut = elements != null && !elements.isEmpty();
		return super.setDontEncodeElements(elements);
	}
}
