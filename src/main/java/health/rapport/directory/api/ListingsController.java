package health.rapport.directory.api;

import health.rapport.directory.api.generated.ListingsApi;
import health.rapport.directory.api.generated.model.ListingDto;
import health.rapport.directory.api.generated.model.ListingPageDto;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.ProviderIndex;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class ListingsController implements ListingsApi {

	private final ProviderIndex index;

	ListingsController(ProviderIndex index) {
		this.index = index;
	}

	@Override
	public ResponseEntity<ListingPageDto> searchListings(String q, List<String> profession, List<String> modality,
			List<String> population, List<String> format, List<String> language, List<String> jurisdiction, List<String> delivery,
			Boolean telehealth, Boolean accepting, BigDecimal maxFee, Boolean slidingScale, String near, BigDecimal radius, String sort,
			Integer offset, Integer limit) {
		DirectoryQuery query = DirectoryParameters.toQuery(new DirectoryParameters.Raw(q, profession, modality, population, format,
				language, jurisdiction, delivery, telehealth, accepting, maxFee, slidingScale, near, radius == null ? null : radius.doubleValue(), sort,
				offset, limit));
		return ResponseEntity.ok(ListingMapper.page(index.search(query), query));
	}

	@Override
	public ResponseEntity<ListingDto> getListing(String id) {
		return index.find(id).filter(p -> p.active()).map(p -> ResponseEntity.ok(ListingMapper.listing(new DirectoryPage.Hit(p, null))))
				.orElseThrow(() -> new ListingNotFound(id));
	}

	/** No active listing with this id. */
	static final class ListingNotFound extends RuntimeException {
		ListingNotFound(String id) {
			super("No active listing " + id);
		}
	}
}
