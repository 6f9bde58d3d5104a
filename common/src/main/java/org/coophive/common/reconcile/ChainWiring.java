package org.coophive.common.reconcile;

import org.coophive.common.chain.ChainClientOptions;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A service's chain connection, one {@code @Configuration} every service with a key imports (the
 * solver and the faucet directly, the parties through {@link ChainSolverWiring}): one chain client
 * for the service's key and its event streams over the same connection.
 *
 * <p>The service supplies a {@link Web3Properties} bean and, if it journals its steps, one {@link
 * TransactionListener} bean (a {@link StepJournal}) that hears each transaction's hash before the
 * node gets it.
 */
@Configuration(proxyBeanMethods = false)
public class ChainWiring {

    /** Closed after every lifecycle bean (loop, triggers) has stopped. */
    @Bean(destroyMethod = "close")
    Web3ChainClient chainClient(Web3Properties web3, ObjectProvider<TransactionListener> listener) {
        ChainClientOptions options = ChainClientOptions.defaults()
                .withTransactionListener(listener.getIfAvailable(() -> TransactionListener.NONE));
        return Web3ChainClient.connect(web3, options);
    }

    @Bean
    ChainEvents chainEvents(Web3ChainClient chain) {
        return chain.events();
    }
}
