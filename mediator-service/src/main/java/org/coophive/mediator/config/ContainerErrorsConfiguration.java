package org.coophive.mediator.config;

import org.coophive.common.web.ProblemErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What Tomcat refuses itself (bad URL encoding, oversized URL or headers) answers Problem Details too. */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfiguration {

    @Bean
    TomcatContextCustomizer problemErrorReports() {
        return ProblemErrorReportValve::install;
    }
}
