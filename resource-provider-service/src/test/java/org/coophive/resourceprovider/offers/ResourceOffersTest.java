package org.coophive.resourceprovider.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.solver.SolverClient;
import org.coophive.contracts.DevAccounts;
import org.coophive.resourceprovider.config.OfferProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceOffersTest {

    private static final String RP = DevAccounts.resourceProvider().address();
    private static final String SOLVER = DevAccounts.solver().address();

    @TempDir
    Path dataDir;

    @Test
    void shouldKnowAnOfferAsItsOwnBeforeTheSolverAnswersItsPost() throws Exception {
        AtomicReference<ResourceOffers> offers = new AtomicReference<>();
        List<Optional<ResourceOffer>> knownDuringThePost = new ArrayList<>();
        try (FakeSolver solver = new FakeSolver(SOLVER)) {
            // The solver may match the offer and announce the deal before it answers the post: a
            // deal on an offer the provider did not know yet was refused for good.
            SolverClient client = (SolverClient) Proxy.newProxyInstance(
                    SolverClient.class.getClassLoader(), new Class<?>[] {SolverClient.class}, (proxy, method, args) -> {
                        if (method.getName().equals("addResourceOffer")) {
                            knownDuringThePost.add(offers.get().posted(ContentIds.of((ResourceOffer) args[0])));
                        }
                        try {
                            return method.invoke(solver, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            offers.set(new ResourceOffers(
                    client,
                    RP,
                    OfferProperties.fromEnvironment(Map.of()),
                    new ServiceParties(SOLVER, List.of()),
                    PricingOptions.fromEnvironment(Map.of(), PricingMode.FIXED_PRICE),
                    TimeoutOptions.fromEnvironment(Map.of()),
                    dataDir,
                    Clock.systemUTC()));

            List<ResourceOffer> posted = offers.get().ensurePosted(container -> false, Set.of());

            assertThat(posted).isNotEmpty();
            assertThat(knownDuringThePost).hasSameSizeAs(posted).allSatisfy(known -> assertThat(known)
                    .isPresent());
            assertThat(offers.get().posted(posted.get(0).id())).contains(posted.get(0));
        }
    }
}
