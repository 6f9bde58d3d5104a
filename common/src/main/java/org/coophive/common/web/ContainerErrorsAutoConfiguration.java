package org.coophive.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Every service on embedded Tomcat answers what the container refuses itself (bad URL encoding,
 * an oversized URL or headers, an error no handler wrote) with Problem Details: applied to each
 * service that has {@code common} on its class path, so no service can forget it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({TomcatContextCustomizer.class, org.apache.catalina.Context.class})
public class ContainerErrorsAutoConfiguration {

    @Bean
    TomcatContextCustomizer problemErrorReports() {
        return ProblemErrorReportValve::install;
    }
}
