package health.rapport.directory;

/**
 * Canonical URLs of Rapport's extensions and code systems, and the external systems the
 * directory uses. The definitions live in the FHIR package under {@code fhir-profiles/}.
 */
public final class DirectoryVocabulary {

	public static final String CANONICAL = "https://rapport.health/fhir";
	private static final String EXT = CANONICAL + "/StructureDefinition/";
	private static final String CS = CANONICAL + "/CodeSystem/";

	public static final String EXT_MODALITY = EXT + "modality";
	public static final String EXT_POPULATION = EXT + "population-served";
	public static final String EXT_FORMAT = EXT + "format";
	public static final String EXT_DELIVERY_METHOD = EXT + "delivery-method";
	public static final String EXT_ACCEPTING_NEW_CLIENTS = EXT + "accepting-new-clients";
	public static final String EXT_TYPICAL_WAIT = EXT + "typical-wait";
	public static final String EXT_FEE = EXT + "fee";
	public static final String EXT_SLIDING_SCALE = EXT + "sliding-scale";
	public static final String EXT_JURISDICTION = EXT + "jurisdiction";
	public static final String EXT_REGISTRATION_STATUS = EXT + "registration-status";
	public static final String EXT_REGISTRATION_NUMBER = EXT + "registration-number";
	public static final String EXT_CONDITIONS = EXT + "registration-conditions";
	public static final String EXT_EFFECTIVE_DATE = EXT + "registration-effective-date";

	public static final String CS_MODALITY = CS + "modality";
	public static final String CS_POPULATION = CS + "population";
	public static final String CS_FORMAT = CS + "format";
	public static final String CS_DELIVERY_METHOD = CS + "delivery-method";
	public static final String CS_REGISTRATION_STATUS = CS + "registration-status";

	public static final String NUCC = "http://nucc.org/provider-taxonomy";
	public static final String BCP47 = "urn:ietf:bcp:47";
	public static final String ISO_3166_2 = "urn:iso:std:iso:3166:-2";
	public static final String NPI = "http://hl7.org/fhir/sid/us-npi";
	public static final String NDH_PROFICIENCY =
			"http://hl7.org/fhir/us/ndh/StructureDefinition/base-ext-communication-proficiency";
	public static final String LANGUAGE_PROFICIENCY = "http://terminology.hl7.org/CodeSystem/v3-LanguageAbilityProficiency";
	public static final String PLAN_NET_NETWORK = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference";
	public static final String PLAN_NET_COVERAGE_AREA =
			"http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/location-reference";
	public static final String PLAN_NET_ORG_TYPE = "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS";

	private DirectoryVocabulary() {}
}
