package ca.uhn.fhir.parser;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Set;
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

	private final Encoding encoding;
	private boolean pretty;
	private boolean someElements;
	private boolean elementsLeftOut;

	public RapportJsonParser(FhirContext context, IParserErrorHandler errorHandler, Encoding encoding) {
		super(context, errorHandler);
		this.encoding = encoding;
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
