package health.rapport.fhir.json;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.RapportJsonParser;

/**
 * The R4 FhirContext Rapport uses: strict parsing (unknown elements and malformed values are
 * refused, never silently dropped) and fast JSON encoding, for the server and the store alike.
 */
public final class RapportFhirContext extends FhirContext {

	private final IParserErrorHandler errorHandler;

	public RapportFhirContext(IParserErrorHandler errorHandler) {
		super(FhirVersionEnum.R4);
		this.errorHandler = errorHandler;
		setParserErrorHandler(errorHandler);
	}

	@Override
	public IParser newJsonParser() {
		return new RapportJsonParser(this, errorHandler, StreamingJsonWriter::create);
	}
}
