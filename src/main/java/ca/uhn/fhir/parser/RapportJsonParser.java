package ca.uhn.fhir.parser;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's JSON parser with a faster value writer (Rapport's {@code StreamingJsonWriter}). It lives
 * in HAPI's package only because the method it overrides takes HAPI's package-private
 * {@code EncodeContext}; it changes nothing else.
 */
public final class RapportJsonParser extends JsonParser {

	private final Function<Writer, BaseJsonLikeWriter> writers;

	public RapportJsonParser(FhirContext context, IParserErrorHandler errorHandler,
			Function<Writer, BaseJsonLikeWriter> writers) {
		super(context, errorHandler);
		this.writers = writers;
	}

	@Override
	protected void doEncodeResourceToWriter(IBaseResource resource, Writer writer, EncodeContext encodeContext)
			throws IOException {
		BaseJsonLikeWriter json = writers.apply(writer);
		doEncodeResourceToJsonLikeWriter(resource, json, encodeContext);
		json.close();
	}
}
