package health.rapport.fhir.json;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.api.BundleInclusionRule;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.api.BundleLinks;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.hapi.rest.server.R4BundleFactory;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * HAPI's R4 bundle factory, without its search of every result for resources attached to its
 * references (to add them as includes) when no result can have one: a resource parsed from JSON
 * has none, since the parser attaches only contained resources, which HAPI skips. That search
 * walks every element of every result and took a tenth of a search's time. Rapport adds its
 * includes to the result list itself. Results built in memory still go through HAPI's path.
 * The entries are otherwise made as HAPI 8.6.5 makes them, but for a history's requests' URLs.
 */
final class RapportBundleFactory extends R4BundleFactory {

	private final FhirContext context;
	private String serverBase;

	RapportBundleFactory(FhirContext context) {
		super(context);
		this.context = context;
	}

	@Override
	public void addRootPropertiesToBundle(String id, BundleLinks links, Integer total, IPrimitiveType<Date> lastUpdated) {
		super.addRootPropertiesToBundle(id, links, total, lastUpdated);
		serverBase = links.serverBase;
	}

	@Override
	public void addResourcesToBundle(List<IBaseResource> result, BundleTypeEnum bundleType, String base,
			BundleInclusionRule inclusionRule, Set<Include> includes) {
		Bundle bundle = (Bundle) getResourceBundle();
		if (bundle == null || !result.stream().allMatch(RapportFhirContext::isParsed)) {
			super.addResourcesToBundle(result, bundleType, base, inclusionRule, includes);
		} else {
			addParsed(bundle, result, bundleType);
		}
		if (bundleType == BundleTypeEnum.HISTORY) {
			requestsAsSent((Bundle) getResourceBundle());
		}
	}

	/**
	 * A history entry's request as a client sends it: a POST to the type, a PUT or DELETE to the
	 * resource. HAPI gives each the version's URL ({@code Type/id/_history/n}).
	 */
	private static void requestsAsSent(Bundle bundle) {
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.BundleEntryRequestComponent request = entry.getRequest();
			if (request.hasMethod() && request.hasUrl()) {
				String resource = request.getUrl().replaceFirst("/_history/[^/]*$", "");
				request.setUrl(request.getMethod() == Bundle.HTTPVerb.POST ? resource.split("/")[0] : resource);
			}
		}
	}

	private void addParsed(Bundle bundle, List<IBaseResource> result, BundleTypeEnum bundleType) {
		for (IBaseResource next : result) {
			Bundle.BundleEntryComponent entry = bundle.addEntry().setResource((Resource) next);
			IIdType id = fullUrl(next, entry);
			BundleEntryTransactionMethodEnum method = ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.get(next);
			if (method != null) {
				entry.getRequest().getMethodElement().setValueAsString(method.name());
				if (id != null) {
					entry.getRequest().setUrl(id.toUnqualified().getValue());
				}
				if (method == BundleEntryTransactionMethodEnum.DELETE) {
					entry.setResource(null);
				}
			}
			if (id != null && (bundleType == BundleTypeEnum.BATCH_RESPONSE
					|| bundleType == BundleTypeEnum.TRANSACTION_RESPONSE || bundleType == BundleTypeEnum.HISTORY)) {
				String version = id.getVersionIdPart();
				if ("1".equals(version)) {
					entry.getResponse().setStatus("201 Created");
				} else if (version != null && !version.isBlank()) {
					entry.getResponse().setStatus("200 OK");
				}
				if (version != null && !version.isBlank()) {
					entry.getResponse().setEtag(RestfulServerUtils.createEtag(version));
				}
			}
			BundleEntrySearchModeEnum mode = ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(next);
			if (mode != null) {
				entry.getSearch().getModeElement().setValueAsString(mode.getCode());
			}
			BigDecimal score = ResourceMetadataKeyEnum.ENTRY_SEARCH_SCORE.get(next);
			if (score != null) {
				entry.getSearch().getScoreElement().setValue(score);
			}
		}
	}

	private IIdType fullUrl(IBaseResource resource, Bundle.BundleEntryComponent entry) {
		IIdType id = resource.getIdElement();
		if (id.hasBaseUrl()) {
			entry.setFullUrl(id.toVersionless().getValue());
			return id;
		}
		if (serverBase != null && !serverBase.isBlank() && id.hasIdPart()) {
			IIdType full = id.withServerBase(serverBase, context.getResourceType(resource));
			entry.setFullUrl(full.toVersionless().getValue());
			return full;
		}
		return null;
	}
}
