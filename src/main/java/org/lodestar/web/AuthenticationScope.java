package org.lodestar.web;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Keeps Jakarta Security's authentication off the proxied traffic. The container calls the application's
 * authentication module for every request; for a forwarded request (outside {@code /lodestar/}, no
 * {@code Authorization} header, no login required) the Basic mechanism has nothing to do, yet the bridge
 * that reaches it looked up the bean manager through JNDI on every request: 15-20 % of the proxy's CPU in
 * the profile. This wraps the module Jakarta Security registered for this application and answers such
 * requests as the Basic mechanism would (no caller, carry on) without calling it. Every other request
 * (Lodestar's own pages, the {@code stats uri} with credentials, anything protected) goes to the mechanism
 * unchanged.
 *
 * <p>Where no module is registered for the application (a server without Jakarta Security), this does
 * nothing.
 */
@WebListener
public class AuthenticationScope implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(AuthenticationScope.class.getName());
    private static final String LAYER = "HttpServlet";
    /** Set by the container when the requested resource has an auth-constraint (Jakarta Authentication). */
    private static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    private static final String OWN_SPACE = "/lodestar";

    private String registration;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String appContext = event.getServletContext().getVirtualServerName() + " "
                + event.getServletContext().getContextPath();
        try {
            AuthConfigFactory factory = AuthConfigFactory.getFactory();
            AuthConfigProvider registered = factory == null ? null : factory.getConfigProvider(LAYER, appContext, null);
            if (registered == null) {
                return;
            }
            registration = factory.registerConfigProvider(new Provider(registered), LAYER, appContext,
                    "Lodestar: authentication only where Lodestar's pages or credentials need it");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "authentication module left as registered", e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registration != null) {
            AuthConfigFactory.getFactory().removeRegistration(registration);
        }
    }

    /** Whether the authentication mechanism has anything to do for this request. */
    static boolean needsMechanism(HttpServletRequest request, Map<?, ?> messageProperties) {
        if (request.getHeader("Authorization") != null || Boolean.parseBoolean(
                String.valueOf(messageProperties.get(IS_MANDATORY)))) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(OWN_SPACE);
    }

    private record Provider(AuthConfigProvider delegate) implements AuthConfigProvider {
        @Override
        public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler)
                throws AuthException {
            return new Config(delegate.getServerAuthConfig(layer, appContext, handler), handler);
        }

        @Override
        public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler)
                throws AuthException {
            return delegate.getClientAuthConfig(layer, appContext, handler);
        }

        @Override
        public void refresh() {
            delegate.refresh();
        }
    }

    private record Config(ServerAuthConfig delegate, CallbackHandler handler) implements ServerAuthConfig {
        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject, Map<String, Object> properties)
                throws AuthException {
            ServerAuthContext context = delegate.getAuthContext(authContextId, serviceSubject, properties);
            return context == null ? null : new Context(context, handler);
        }

        @Override
        public String getAppContext() {
            return delegate.getAppContext();
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return delegate.getAuthContextID(messageInfo);
        }

        @Override
        public String getMessageLayer() {
            return delegate.getMessageLayer();
        }

        @Override
        public boolean isProtected() {
            return delegate.isProtected();
        }

        @Override
        public void refresh() {
            delegate.refresh();
        }
    }

    private record Context(ServerAuthContext delegate, CallbackHandler handler) implements ServerAuthContext {
        @Override
        public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) throws AuthException {
            if (message.getRequestMessage() instanceof HttpServletRequest request
                    && !needsMechanism(request, message.getMap())) {
                // What the mechanism answers when it has nothing to do: no caller, and the request goes on.
                try {
                    handler.handle(new Callback[] {new CallerPrincipalCallback(client, (Principal) null)});
                } catch (IOException | UnsupportedCallbackException e) {
                    throw (AuthException) new AuthException("no caller could be set").initCause(e);
                }
                return AuthStatus.SUCCESS;
            }
            return delegate.validateRequest(message, client, service);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo message, Subject service) throws AuthException {
            if (message.getRequestMessage() instanceof HttpServletRequest request
                    && !needsMechanism(request, message.getMap())) {
                return AuthStatus.SEND_SUCCESS;
            }
            return delegate.secureResponse(message, service);
        }

        @Override
        public void cleanSubject(MessageInfo message, Subject subject) throws AuthException {
            delegate.cleanSubject(message, subject);
        }
    }
}
