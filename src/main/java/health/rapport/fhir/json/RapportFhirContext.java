package health.rapport.fhir.json;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.RapportJsonParser;
import ca.uhn.fhir.rest.api.IVersionSpecificBundleFactory;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The R4 FhirContext Rapport uses: strict parsing (unknown elements and malformed values are
 * refused, never silently dropped) and fast JSON encoding, for the server and the store alike.
 * <p>
 * It does not contain id-less resources attached to references when encoding: Rapport lists its
 * contained resources in {@code contained} (as the parser does), and looking for others walked
 * every element of every resource encoded, a tenth of a search's time. Bundles of resources read
 * from the store skip the like search for attached resources ({@link RapportBundleFactory}), and
 * their directory resources are written out as stored ({@link StoredJson}).
 */
public final class RapportFhirContext extends FhirContext {

	private static final String PARSED = RapportFhirContext.class.getName() + ".parsed";

	private final IParserErrorHandler errorHandler;

	public RapportFhirContext(IParserErrorHandler errorHandler) {
		super(FhirVersionEnum.R4);
		this.errorHandler = errorHandler;
		setParserErrorHandler(errorHandler);
		getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
	}

	/**
	 * Marks a resource just parsed from the store's {@code json}: none of its references has a
	 * resource attached but for its contained ones, and a directory resource keeps the JSON
	 * ({@link StoredJson}).
	 */
	public static void markRead(IBaseResource resource, String type, String json) {
		markParsed(resource);
		StoredJson.keep(resource, type, json);
	}

	/** Forgets what {@link #markRead} said: the resource is changing. */
	public static void markChanged(IBaseResource resource) {
		resource.setUserData(PARSED, null);
		StoredJson.forget(resource);
	}

	static void markParsed(IBaseResource resource) {
		resource.setUserData(PARSED, Boolean.TRUE);
	}

	static boolean isParsed(IBaseResource resource) {
		return resource.getUserData(PARSED) != null;
	}

	@Override
	public IVersionSpecificBundleFactory newBundleFactory() {
		return new RapportBundleFactory(this);
	}

	@Override
	public IParser newJsonParser() {
		return new RapportJsonParser(this, errorHandler, StoredJson::encode);
	}
}
